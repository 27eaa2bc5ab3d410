namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>The form of a new user (SPEC 7 user resource): an email, a phone, or both.</summary>
public sealed class CreateInput
{
    public string? Email { get; set; }
    public string? PhoneNumber { get; set; }

    /// <summary>True: the admin vouches for the number (U2); false: it stays unverified until a code confirms it.</summary>
    public bool PhoneVerified { get; set; } = true;
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Password { get; set; }
    public bool TenantAdmin { get; set; }

    public object ToRequest(string adminRole) => new
    {
        email = Blank(Email),
        email_verified = Blank(Email) is not null,
        phone_number = Blank(PhoneNumber),
        phone_number_verified = Blank(PhoneNumber) is null ? (bool?)null : PhoneVerified,
        given_name = Blank(GivenName),
        family_name = Blank(FamilyName),
        password = string.IsNullOrEmpty(Password) ? null : Password,
        roles = TenantAdmin ? new[] { adminRole } : [],
    };

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
