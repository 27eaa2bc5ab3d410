using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace IdentityServer.Admin.SignIn;

/// <summary>A tenant's admin cookie: its own name and the tenant's path, so a session of A is never sent to B's pages.</summary>
internal sealed class TenantCookieOptions : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public void Configure(string? name, CookieAuthenticationOptions options)
    {
        if (!TenantSchemes.IsCookie(name, out var tenant))
        {
            return;
        }
        options.Cookie.Name = "idp-admin." + tenant;
        options.Cookie.Path = "/t/" + tenant;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = false;
    }

    public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
