using IdentityServer.Admin.Management;

namespace IdentityServer.Admin.Pages.Tenant.QuickSignIn;

/// <summary>/t/{tenant}/quick-sign-in: SMS sign-in settings, read and written as the settings document.</summary>
public sealed class IndexModel(ManagementClient api)
    : SettingsPageModel<InputModel>(api, "Quick sign-in settings saved. They apply to the next sign-in.");
