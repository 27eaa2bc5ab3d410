using IdentityServer.Data;
using IdentityServer.Oidc;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Bootstrap;

/// <summary>SPEC 7: tenant platform, its first admin and the platform-automation client.</summary>
internal static class PlatformSeeder
{
    public const string AutomationClientId = "platform-automation";

    public static async Task SeedAsync(IServiceProvider root, CancellationToken ct)
    {
        var options = root.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        await using (var scope = root.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TenantCatalog>().EnsureAsync(Tenant.Platform, "Platform", ct);
        }
        await TenantScopes.RunAsync(root, Tenant.Platform, async services =>
        {
            await EnsureUserAsync(services, options.AdminEmail!, options.AdminPassword!, [Roles.PlatformAdmin, Roles.TenantAdmin]);
            await EnsureAutomationClientAsync(services, options.AutomationClientSecret!, ct);
        }, ct);
    }

    public static async Task<PlatformUser> EnsureUserAsync(IServiceProvider services, string email, string password, string[] roles)
    {
        var users = services.GetRequiredService<UserManager<PlatformUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            return user;
        }
        user = new PlatformUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            Roles = string.Join(' ', roles),
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}: " +
                string.Join(" ", result.Errors.Select(e => e.Description)) + " (check Bootstrap__AdminPassword).");
        }
        return user;
    }

    private static async Task EnsureAutomationClientAsync(IServiceProvider services, string secret, CancellationToken ct)
    {
        var apps = services.GetRequiredService<IOpenIddictApplicationManager>();
        var app = await apps.FindByClientIdAsync(AutomationClientId, ct);
        if (app is null)
        {
            await services.GetRequiredService<ClientRegistry>().CreateAsync(new ClientModel
            {
                ClientId = AutomationClientId,
                DisplayName = "Platform automation",
                Type = Oidc.ClientTypes.Confidential,
                GrantTypes = [GrantTypes.ClientCredentials],
                Scopes = [PlatformScopes.IdpAdmin],
            }, secret, ct);
        }
        else if (!await apps.ValidateClientSecretAsync(app, secret, ct))
        {
            // The operator changed Bootstrap__AutomationClientSecret: the new one wins.
            await apps.UpdateAsync(app, secret, ct);
        }
    }
}
