using IdentityServer.Oidc;
using IdentityServer.Tenancy;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Bootstrap;

/// <summary>Development: a demo tenant with an app and a user, so the flows can be tried at once.</summary>
internal static class DemoSeeder
{
    public const string Tenant = "demo";
    public const string ClientId = "demo-app";
    public const string ClientSecret = "demo-app-secret-change-me-0123456789";
    public const string UserEmail = "demo@example.com";
    public const string UserPassword = "Demo-Passw0rd!";

    public static async Task SeedAsync(IServiceProvider root, CancellationToken ct)
    {
        if (root.GetRequiredService<IOptions<BootstrapOptions>>().Value.SeedDemo != true)
        {
            return;
        }
        await using (var scope = root.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TenantCatalog>().EnsureAsync(Tenant, "Demo Company", ct);
        }
        await TenantScopes.RunAsync(root, Tenant, async services =>
        {
            await PlatformSeeder.EnsureUserAsync(services, UserEmail, UserPassword, [Roles.TenantAdmin]);
            if (await services.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(ClientId, ct) is null)
            {
                await services.GetRequiredService<ClientRegistry>().CreateAsync(new ClientModel
                {
                    ClientId = ClientId,
                    DisplayName = "Demo app",
                    Type = Oidc.ClientTypes.Confidential,
                    GrantTypes = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials],
                    Scopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.OfflineAccess],
                    RedirectUris = ["http://localhost:5002/signin-oidc", "https://oauth.pstmn.io/v1/callback"],
                    PostLogoutRedirectUris = ["http://localhost:5002/signout-callback-oidc"],
                }, ClientSecret, ct);
            }
        }, ct);
    }
}
