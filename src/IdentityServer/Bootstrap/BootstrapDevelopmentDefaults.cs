using Microsoft.Extensions.Options;

namespace IdentityServer.Bootstrap;

/// <summary>The documented Development defaults (README); never applied in other environments.</summary>
internal sealed class BootstrapDevelopmentDefaults(IHostEnvironment env) : IPostConfigureOptions<BootstrapOptions>
{
    public const string AdminEmail = "admin@platform.local";
    public const string AdminPassword = "Admin-Passw0rd!";
    public const string AutomationSecret = "dev-automation-secret-change-me-0123456789";

    public void PostConfigure(string? name, BootstrapOptions options)
    {
        if (!env.IsDevelopment())
        {
            return;
        }
        options.AdminEmail ??= AdminEmail;
        options.AdminPassword ??= AdminPassword;
        options.AutomationClientSecret ??= AutomationSecret;
        options.SeedDemo ??= true;
    }
}
