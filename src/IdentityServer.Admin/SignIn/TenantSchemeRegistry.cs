using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace IdentityServer.Admin.SignIn;

/// <summary>Adds a tenant's cookie and OIDC schemes the first time the tenant is visited; their options come from the named options setups.</summary>
internal sealed class TenantSchemeRegistry(IAuthenticationSchemeProvider schemes)
{
    public async Task EnsureAsync(string tenant)
    {
        if (await schemes.GetSchemeAsync(TenantSchemes.Oidc(tenant)) is not null)
        {
            return;
        }
        // TryAddScheme locks on its own and does nothing for a scheme already there, so concurrent
        // first visits need no lock here: each returns with both schemes added (the cookie one first).
        schemes.TryAddScheme(new AuthenticationScheme(TenantSchemes.Cookie(tenant), null, typeof(CookieAuthenticationHandler)));
        schemes.TryAddScheme(new AuthenticationScheme(TenantSchemes.Oidc(tenant), null, typeof(OpenIdConnectHandler)));
    }
}
