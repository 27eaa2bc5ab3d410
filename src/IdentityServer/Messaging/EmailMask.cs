namespace IdentityServer.Messaging;

/// <summary>Email addresses in logs: a***@example.com.</summary>
internal static class EmailMask
{
    public static string Mask(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        return address is null || at < 1 || at == address.Length - 1 ? "***" : address[0] + "***" + address[at..];
    }
}
