namespace IdentityServer.Admin.Management;

/// <summary>A user as the API shows it (SPEC 7).</summary>
public sealed record UserView(string Id, string? Email, string? PhoneNumber, string? GivenName, string? FamilyName,
    List<string> Roles, string Status, List<string> Factors, DateTimeOffset? MfaLockedUntil = null);
