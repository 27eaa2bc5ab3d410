namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>The profile form of a user's page: name and email (PATCH users/{id}).</summary>
public sealed class ProfileInput
{
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Email { get; set; }
    public bool EmailVerified { get; set; }

    public static ProfileInput From(Management.UserView user) => new()
    {
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        Email = user.Email,
        EmailVerified = user.EmailVerified,
    };

    /// <summary>Empty names are stored empty; an email cannot be removed here (a user keeps a way to be reached).</summary>
    public object ToRequest() => new
    {
        given_name = GivenName?.Trim() ?? "",
        family_name = FamilyName?.Trim() ?? "",
        email = CreateInput.Blank(Email),
        email_verified = CreateInput.Blank(Email) is null ? (bool?)null : EmailVerified,
    };
}
