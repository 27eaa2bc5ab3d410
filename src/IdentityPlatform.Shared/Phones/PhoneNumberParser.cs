using PhoneNumbers;

namespace IdentityPlatform.Shared.Phones;

/// <summary>
/// The one phone-number parser (sign-in, phone API, users API, account page, settings, admin app):
/// numbers in any common notation, normalised to E.164 with libphonenumber; the tenant's default
/// region applies when there is no '+'. Only valid mobile numbers of allowed countries pass.
/// </summary>
public static class PhoneNumberParser
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The error of a valid mobile number outside the tenant's allowed countries.</summary>
    public const string CountryNotAccepted = "Phone numbers of this country are not accepted here.";

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
        PhoneNumbers.PhoneNumber number;
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
            return PhoneParseResult.Invalid(CountryNotAccepted, normalised);
        }
        return PhoneParseResult.Valid(new PhoneNumber(normalised, region));
    }

    /// <summary>
    /// A test number (SPEC 6, P5): a '+', then the number's digits, in a country calling code libphonenumber
    /// knows; possible, not necessarily assigned (fictional ranges such as +1 555 01xx make good test numbers).
    /// Never a rule for a real user's phone, which goes through <see cref="Parse"/>.
    /// </summary>
    public static bool IsTestNumber(string? value)
    {
        if (value is null || value.Length is < 4 or > 16 || value[0] != '+' || !value[1..].All(char.IsAsciiDigit))
        {
            return false;
        }
        try
        {
            var number = Util.Parse(value, null);
            return Util.IsPossibleNumber(number) && Util.Format(number, PhoneNumberFormat.E164) == value;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>The E.164 form of anything libphonenumber can read with a '+' (valid or not), else the input trimmed.</summary>
    public static string NormaliseInternational(string raw)
    {
        try
        {
            return Util.Format(Util.Parse(raw.Trim(), null), PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            return raw.Trim();
        }
    }
}
