using System.Globalization;
using Microsoft.AspNetCore.Authentication;

namespace IdentityServer.Admin.SignIn;

/// <summary>
/// Every page of /t/{tenant}/ needs that tenant's admin cookie: without one (or with an expired
/// access token) the browser is sent to the tenant's issuer; a signed-in user who is not an admin
/// of the tenant gets 403 (and may only sign out).
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
        var result = await context.AuthenticateAsync(TenantSchemes.Cookie(tenant));
        if (!result.Succeeded || AccessTokenExpired(result.Properties))
        {
            // After the sign-in, back to the page asked for (a form post comes back as its page).
            var page = (context.Request.PathBase + context.Request.Path).ToString();
            var back = HttpMethods.IsGet(context.Request.Method) ? page + context.Request.QueryString : page;
            await context.ChallengeAsync(TenantSchemes.Oidc(tenant), new AuthenticationProperties { RedirectUri = back });
            return;
        }
        context.User = result.Principal!;
        if (rest != SignOutPath && !AdminRoles.MayAdminister(context.User, tenant))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(context);
    }

    private bool AccessTokenExpired(AuthenticationProperties? properties) =>
        properties?.GetTokenValue("expires_at") is not { } value
        || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires)
        || expires <= time.GetUtcNow().AddSeconds(30);
}
