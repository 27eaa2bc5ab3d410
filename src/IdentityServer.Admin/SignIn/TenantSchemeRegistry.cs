using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace IdentityServer.Admin.SignIn;

/// <summary>Adds a tenant's cookie and OIDC schemes the first time the tenant is visited; their options come from the named options setups.</summary>
internal sealed class TenantSchemeRegistry(IAuthenticationSchemeProvider schemes)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task EnsureAsync(string tenant)
    {
        if (await schemes.GetSchemeAsync(TenantSchemes.Oidc(tenant)) is not null)
        {
            return;
        }
        await _lock.WaitAsync();
        try
        {
            schemes.TryAddScheme(new AuthenticationScheme(TenantSchemes.Cookie(tenant), null, typeof(CookieAuthenticationHandler)));
            schemes.TryAddScheme(new AuthenticationScheme(TenantSchemes.Oidc(tenant), null, typeof(OpenIdConnectHandler)));
        }
        finally
        {
            _lock.Release();
        }
    }
}
