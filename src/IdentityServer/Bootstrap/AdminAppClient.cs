using IdentityServer.Data;
using IdentityServer.Management;
using IdentityServer.Oidc;
using IdentityServer.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Bootstrap;

/// <summary>
/// The admin app's client registration, the same in every tenant: a public client (code + PKCE)
/// whose callbacks live under the tenant's path in the admin app, so each tenant's sign-in has its own.
/// </summary>
internal static class AdminAppClient
{
    public const string ClientId = ITenantProvisioning.ManagedClientId;

    public static ClientModel For(string slug, AdminAppOptions options) => new()
    {
        ClientId = ClientId,
        DisplayName = "Admin app",
        Type = Oidc.ClientTypes.Public,
        GrantTypes = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
        Scopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess, PlatformScopes.IdpAdmin],
        RedirectUris = [$"{options.BaseUrl}/t/{slug}/signin-oidc"],
        PostLogoutRedirectUris = [$"{options.BaseUrl}/t/{slug}/signout-callback-oidc"],
        Consent = Oidc.ConsentTypes.Implicit,
    };

    /// <summary>Creates the registration in the tenant, or puts it back to its expected shape (AdminApp__Url may have changed).</summary>
    public static Task EnsureAsync(IServiceProvider root, string slug, CancellationToken ct) =>
        TenantScopes.RunAsync(root, slug, async services =>
        {
            var expected = For(slug, services.GetRequiredService<IOptions<AdminAppOptions>>().Value);
            var registry = services.GetRequiredService<ClientRegistry>();
            var existing = await registry.FindAsync(ClientId, ct);
            if (existing is null)
            {
                await registry.CreateAsync(expected, secret: null, ct);
            }
            else if (!SameShape(existing, expected))
            {
                await registry.UpdateAsync(ClientId, expected, ct);
            }
        }, ct);

    /// <summary>At start: every tenant, including those created before the admin app existed.</summary>
    public static async Task EnsureForAllTenantsAsync(IServiceProvider root, CancellationToken ct)
    {
        List<string> slugs;
        await using (var scope = root.CreateAsyncScope())
        {
            slugs = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants
                .AsNoTracking().Select(t => t.Id).ToListAsync(ct);
        }
        foreach (var slug in slugs)
        {
            await EnsureAsync(root, slug, ct);
        }
    }

    private static bool SameShape(ClientModel a, ClientModel b) =>
        a.Type == b.Type && a.Consent == b.Consent
        && a.RedirectUris.Order().SequenceEqual(b.RedirectUris.Order())
        && a.PostLogoutRedirectUris.Order().SequenceEqual(b.PostLogoutRedirectUris.Order())
        && a.GrantTypes.ToHashSet().SetEquals(b.GrantTypes)
        && a.Scopes.ToHashSet().SetEquals(b.Scopes);
}
