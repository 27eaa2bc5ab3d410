using System.Text.Json.Serialization;
using IdentityServer.Data;

namespace IdentityServer.Management;

/// <summary>user {id r/o, email, email_verified, phone_number, phone_number_verified, given_name, family_name, roles[], status, password w/o, factors[] r/o, mfa_locked_until r/o}</summary>
internal sealed class UserModel
{
    public string? Id { get; set; }
    public string? Email { get; set; }
    public bool? EmailVerified { get; set; }
    public string? PhoneNumber { get; set; }
    public bool? PhoneNumberVerified { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public List<string>? Roles { get; set; }
    public string? Status { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; set; }
    public List<string>? Factors { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    /// <summary>r/o, SPEC 3: the end of the user's second-factor lockout (locked while in the future); null after a success or an unlock.</summary>
    public DateTimeOffset? MfaLockedUntil { get; set; }

    public static UserModel From(PlatformUser u) => new()
    {
        Id = u.Id,
        Email = u.Email,
        EmailVerified = u.EmailConfirmed,
        PhoneNumber = u.PhoneNumber,
        PhoneNumberVerified = u.PhoneNumberConfirmed,
        GivenName = u.GivenName,
        FamilyName = u.FamilyName,
        Roles = [.. u.RoleList],
        Status = u.Disabled ? "disabled" : "active",
        Factors = FactorsOf(u),
        CreatedAt = u.CreatedAt,
        MfaLockedUntil = u.MfaLockedUntil,
    };

    // The factors as the policy engine sees them.
    private static List<string> FactorsOf(PlatformUser u) => [.. Mfa.UserFactors.Of(u).Order(StringComparer.Ordinal)];
}
