using IdentityServer.Oidc;
using IdentityServer.Tenancy;

namespace IdentityServer.Management;

/// <summary>The user body's rules (SPEC 7), for POST, PUT and PATCH of users; the phone's rules are Account.SmsSignInPhone's.</summary>
internal sealed class UserModelRules(TenantContext tenant) : IBodyRules<UserModel>
{
    public ValueTask<Dictionary<string, string[]>> CheckAsync(UserModel m, HttpContext http) =>
        ValueTask.FromResult(Check(m, tenant.RequiredTenantId, creating: HttpMethods.IsPost(http.Request.Method)));

    public static Dictionary<string, string[]> Check(UserModel m, string tenant, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating && string.IsNullOrWhiteSpace(m.Email) && string.IsNullOrWhiteSpace(m.PhoneNumber))
            errors["email"] = ["A user needs an email or a phone_number."];
        if (m.Email is not null && (m.Email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(m.Email, out var parsed) || parsed.Address != m.Email))
            errors["email"] = ["email is not a valid address."];
        // phone_number is checked by Account.SmsSignInPhone, as SMS sign-in reads numbers.
        if (m.GivenName is { Length: > 100 }) errors["given_name"] = ["given_name is at most 100 characters."];
        if (m.FamilyName is { Length: > 100 }) errors["family_name"] = ["family_name is at most 100 characters."];
        if (m.Status is not (null or "active" or "disabled")) errors["status"] = ["status is active or disabled."];
        if (m.Password is { Length: > 256 }) errors["password"] = ["password is at most 256 characters."];
        foreach (var role in m.Roles ?? [])
        {
            if (!Roles.All.Contains(role ?? "") || (role == Roles.PlatformAdmin && tenant != Data.Tenant.Platform))
            {
                errors["roles"] = [$"'{role}' is not a role of this tenant (tenant_admin; platform_admin in platform only)."];
            }
        }
        return errors;
    }
}
