using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace IdentityServer.Admin.SignIn;

/// <summary>
/// A tenant's admin cookie: its own name and the tenant's path, so a session of A is never sent to
/// B's pages; only tenant platform's cookie is sent everywhere.
/// </summary>
internal sealed class TenantCookieOptions : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public void Configure(string? name, CookieAuthenticationOptions options)
    {
        if (!TenantSchemes.IsCookie(name, out var tenant))
        {
            return;
        }
        options.Cookie.Name = "idp-admin." + tenant;
        // Platform admins' session is also sent to other tenants' pages, which they may administer.
        options.Cookie.Path = tenant == AdminRoles.PlatformTenant ? "/" : "/t/" + tenant;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = false;
    }

    public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
