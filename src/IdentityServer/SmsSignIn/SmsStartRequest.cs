namespace IdentityServer.SmsSignIn;

/// <summary>A start request after client authentication (SPEC 4.1).</summary>
internal sealed record SmsStartRequest(
    string ClientId, string? PhoneNumber, string? Locale, string? GivenName, string? FamilyName, string? ClientIp, string Host);
