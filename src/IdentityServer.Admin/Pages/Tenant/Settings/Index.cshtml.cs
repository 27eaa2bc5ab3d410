using IdentityServer.Admin.Management;

namespace IdentityServer.Admin.Pages.Tenant.Settings;

/// <summary>/t/{tenant}/settings: the tenant's name, default phone region and which first factors are on.</summary>
public sealed class IndexModel(ManagementClient api)
    : SettingsPageModel<InputModel>(api, "Settings saved. They apply to the next sign-in.");
