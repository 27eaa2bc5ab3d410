namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>The form of a new user (SPEC 7 user resource).</summary>
public sealed class CreateInput
{
    public string Email { get; set; } = "";
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Password { get; set; }
    public bool TenantAdmin { get; set; }

    public object ToRequest() => new
    {
        email = Email?.Trim(),
        email_verified = true,
        given_name = Blank(GivenName),
        family_name = Blank(FamilyName),
        password = string.IsNullOrEmpty(Password) ? null : Password,
        roles = TenantAdmin ? new[] { "tenant_admin" } : [],
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
