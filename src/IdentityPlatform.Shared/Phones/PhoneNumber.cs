namespace IdentityPlatform.Shared.Phones;

/// <summary>A valid, accepted mobile number: its E.164 form and its region (ISO 3166 alpha-2).</summary>
public sealed record PhoneNumber(string E164, string Region);
