namespace IdentityServer.Admin.Management;

/// <summary>A user as the API shows it (SPEC 7).</summary>
public sealed record UserView(string Id, string? Email, string? PhoneNumber, string? GivenName, string? FamilyName,
    List<string> Roles, string Status, List<string> Factors, DateTimeOffset? MfaLockedUntil = null,
    bool EmailVerified = false, bool PhoneNumberVerified = false)
{
    /// <summary>"Given Family", or null when the user has no name.</summary>
    public string? Name => string.IsNullOrWhiteSpace($"{GivenName} {FamilyName}") ? null : $"{GivenName} {FamilyName}".Trim();

    private string? EmailOrNull => string.IsNullOrEmpty(Email) ? null : Email;

    /// <summary>How the user is shown in lists and titles: name, else email, else phone, else id (never empty).</summary>
    public string Label => Name ?? EmailOrNull ?? PhoneNumber ?? Id;

    /// <summary>How to reach the user: email, else phone.</summary>
    public string? Contact => EmailOrNull ?? PhoneNumber;
}
