using PhoneNumbers;

namespace IdentityServer.Tenancy.Settings;

public static class TestNumberRules
{
    /// <summary>A '+', then the number's digits, in a country calling code libphonenumber knows.</summary>
    public static bool IsE164(string? value)
    {
        if (value is null || value.Length is < 4 or > 16 || value[0] != '+' || !value[1..].All(char.IsAsciiDigit))
        {
            return false;
        }
        try
        {
            var util = PhoneNumberUtil.GetInstance();
            var number = util.Parse(value, null);
            // Possible, not necessarily assigned: fictional ranges such as +1 555 01xx make good test numbers.
            return util.IsPossibleNumber(number) && util.Format(number, PhoneNumberFormat.E164) == value;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
