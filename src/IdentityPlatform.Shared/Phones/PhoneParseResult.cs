namespace IdentityPlatform.Shared.Phones;

/// <summary>
/// The parser's answer: the number when it is valid and accepted, else the error; Normalised (the
/// input's E.164 form, valid or not) whenever libphonenumber could read the input.
/// </summary>
public sealed record PhoneParseResult(PhoneNumber? Number, string? Error, string? Normalised)
{
    public string? E164 => Number?.E164;

    public string? Region => Number?.Region;

    public static PhoneParseResult Valid(PhoneNumber number) => new(number, null, number.E164);

    public static PhoneParseResult Invalid(string error, string? normalised = null) => new(null, error, normalised);
}
