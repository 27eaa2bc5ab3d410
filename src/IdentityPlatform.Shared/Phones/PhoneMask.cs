namespace IdentityPlatform.Shared.Phones;

/// <summary>Phone numbers in logs, audit and on the pages: +1******0123 (the country code's first digit and the last four).</summary>
public static class PhoneMask
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
