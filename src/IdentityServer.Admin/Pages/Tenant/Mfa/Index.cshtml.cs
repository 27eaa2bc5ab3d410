using IdentityServer.Admin.Management;

namespace IdentityServer.Admin.Pages.Tenant.Mfa;

/// <summary>/t/{tenant}/mfa: when a second factor is asked for and which factors are offered.</summary>
public sealed class IndexModel(ManagementClient api)
    : SettingsPageModel<InputModel>(api, "MFA policy saved. It applies to the next sign-in.")
{
    public bool Has(string factor) => Input.Factors.Contains(factor);
}
