using PhoneNumbers;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// Phone numbers in any common notation, normalised to E.164 with libphonenumber: the tenant's
/// default region applies when there is no '+'. Only valid mobile numbers of allowed countries pass.
/// </summary>
public static class PhoneNumberParser
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The result's Normalised is the E.164 form of anything libphonenumber can read, valid or not
    /// (to match test numbers); null only when the input could not be read as a number at all.
    /// </summary>
    public static PhoneParseResult Parse(string? raw, string defaultRegion, IReadOnlyCollection<string> allowedCountries)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 40)
        {
            return PhoneParseResult.Invalid("phone_number is missing or too long.");
        }
        PhoneNumber number;
        try
        {
            number = Util.Parse(raw, defaultRegion);
        }
        catch (NumberParseException)
        {
            return PhoneParseResult.Invalid("phone_number is not a phone number.");
        }
        var normalised = Util.Format(number, PhoneNumberFormat.E164);
        if (!Util.IsValidNumber(number))
        {
            return PhoneParseResult.Invalid("phone_number is not a valid phone number.", normalised);
        }
        var type = Util.GetNumberType(number);
        if (type is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
        {
            return PhoneParseResult.Invalid("phone_number must be a mobile number.", normalised);
        }
        var region = Util.GetRegionCodeForNumber(number);
        if (region is null || !allowedCountries.Contains(region, StringComparer.OrdinalIgnoreCase))
        {
            return PhoneParseResult.Invalid("Phone numbers of this country are not accepted here.", normalised);
        }
        return PhoneParseResult.Valid(normalised, region);
    }
}

/// <summary>
/// E164 and Region only for a valid, accepted mobile number; Normalised (its E.164 form, valid or
/// not) whenever libphonenumber could read the input.
/// </summary>
public sealed record PhoneParseResult(string? E164, string? Region, string? Error, string? Normalised)
{
    public static PhoneParseResult Valid(string e164, string region) => new(e164, region, null, e164);

    public static PhoneParseResult Invalid(string error, string? normalised = null) => new(null, null, error, normalised);
}
