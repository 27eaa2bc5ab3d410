namespace IdentityServer.Messaging;

/// <summary>The GSM 03.38 7-bit alphabet: a text outside it must be sent as unicode (UCS-2).</summary>
internal static class GsmAlphabet
{
    // The basic table (without the escape character) and the extension table.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly System.Buffers.SearchValues<char> Allowed = System.Buffers.SearchValues.Create(Basic + Extension);

    public static bool IsGsm7(string text) => !text.AsSpan().ContainsAnyExcept(Allowed);
}
