using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace IdentityServer.Admin.SignIn;

/// <summary>
/// Every page of /t/{tenant}/ needs an admin session: the tenant's own admin cookie or, for a
/// platform admin, the session of tenant platform (whose token the management API takes for any
/// tenant). Without either (or with an expired access token) the browser is sent to the tenant's
/// issuer; a signed-in user who is not an admin of the tenant gets 403 (and may only sign out).
/// </summary>
internal sealed class TenantGateMiddleware(RequestDelegate next, TimeProvider time)
{
    public const string SignOutPath = "signout";

    public async Task InvokeAsync(HttpContext context)
    {
        var tenant = AdminTenant.Of(context);
        // The path is read again: a re-executed error page keeps the tenant but is not a tenant page.
        if (tenant is null || !TenantSlug.TryRead(context.Request.Path, out var pathTenant, out var rest) || pathTenant != tenant)
        {
            await next(context);
            return;
        }
        var own = await SessionAsync(context, tenant);
        if (own is not null && AdminRoles.MayAdminister(own, tenant))
        {
            await PassAsync(context, own, tenant);
            return;
        }
        if (tenant != AdminRoles.PlatformTenant
            && await SessionAsync(context, AdminRoles.PlatformTenant) is { } platform
            && AdminRoles.MayAdminister(platform, AdminRoles.PlatformTenant))
        {
            await PassAsync(context, platform, AdminRoles.PlatformTenant);
            return;
        }
        if (own is null)
        {
            // After the sign-in, back to the page asked for (a form post comes back as its page).
            var page = (context.Request.PathBase + context.Request.Path).ToString();
            var back = HttpMethods.IsGet(context.Request.Method) ? page + context.Request.QueryString : page;
            await context.ChallengeAsync(TenantSchemes.Oidc(tenant), new AuthenticationProperties { RedirectUri = back });
            return;
        }
        context.User = own;
        if (rest != SignOutPath)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(context);
    }

    private async Task PassAsync(HttpContext context, ClaimsPrincipal user, string sessionTenant)
    {
        context.User = user;
        AdminTenant.SetSession(context, sessionTenant);
        await next(context);
    }

    /// <summary>The signed-in user of a tenant's admin cookie, if its access token is still good.</summary>
    private async Task<ClaimsPrincipal?> SessionAsync(HttpContext context, string tenant)
    {
        var result = await context.AuthenticateAsync(TenantSchemes.Cookie(tenant));
        return result.Succeeded && !AccessTokenExpired(result.Properties) ? result.Principal : null;
    }

    private bool AccessTokenExpired(AuthenticationProperties? properties) =>
        properties?.GetTokenValue("expires_at") is not { } value
        || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires)
        || expires <= time.GetUtcNow().AddSeconds(30);
}
