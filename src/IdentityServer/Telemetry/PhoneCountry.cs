using PhoneNumbers;

namespace IdentityServer.Telemetry;

/// <summary>The ISO 3166 region of an E.164 number, for metric labels: never the number itself.</summary>
internal static class PhoneCountry
{
    public const string Unknown = "unknown";

    public static string Of(string phone)
    {
        try
        {
            var number = PhoneNumberUtil.GetInstance().Parse(phone.StartsWith('+') ? phone : "+" + phone, null);
            var region = PhoneNumberUtil.GetInstance().GetRegionCodeForNumber(number);
            return string.IsNullOrEmpty(region) || region == "ZZ" ? Unknown : region;
        }
        catch (NumberParseException)
        {
            return Unknown;
        }
    }
}
