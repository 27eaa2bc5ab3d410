using IdentityServer.Data;

namespace IdentityServer.Tenancy;

/// <summary>
/// Moves <c>/t/{tenant}</c> into the path base so that OpenIddict's relative endpoints and the
/// pages resolve per tenant, and answers 404 for an unknown or disabled tenant. Paths outside a
/// tenant are only the platform's own (management API, health, OpenAPI, webhooks).
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantDirectory directory)
{
    private static readonly string[] PlatformPaths = ["/api", "/health", "/openapi", "/scalar", "/webhooks", "/favicon.ico", "/css", "/js", "/lib"];

    public async Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        if (http.Request.Path.StartsWithSegments("/t", out var rest))
        {
            var segments = rest.Value?.Split('/', 3, StringSplitOptions.None) ?? [];
            var slug = segments.Length > 1 ? segments[1] : "";
            var tenant = await directory.FindAsync(slug, http.RequestAborted);
            if (tenant is null || tenant.Status != TenantStatus.Active)
            {
                await TenantProblems.WriteNotFoundAsync(http);
                return;
            }
            tenantContext.Set(tenant);
            http.Request.PathBase = http.Request.PathBase.Add("/t/" + slug);
            http.Request.Path = segments.Length > 2 ? "/" + segments[2] : PathString.Empty;
            await next(http);
            return;
        }

        if (http.Request.Path == "/" || PlatformPaths.Any(p => http.Request.Path.StartsWithSegments(p)))
        {
            await next(http);
            return;
        }
        await TenantProblems.WriteNotFoundAsync(http);
    }
}
