namespace IdentityServer.Messaging;

/// <summary>Phone numbers in logs and audit: +1******0123.</summary>
internal static class PhoneMask
{
    public static string Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164) || e164.Length < 7)
        {
            return "***";
        }
        var keepStart = e164.StartsWith('+') ? 2 : 1;
        return e164[..keepStart] + new string('*', e164.Length - keepStart - 4) + e164[^4..];
    }
}
