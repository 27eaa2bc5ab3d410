namespace IdentityServer.Admin.SignIn;

/// <summary>
/// /t/{tenant}/...: a well-formed slug of a tenant the server knows (404 otherwise), whose schemes
/// exist before the authentication middleware looks for its callbacks.
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantDirectory directory, TenantSchemeRegistry schemes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!TenantSlug.TryRead(context.Request.Path, out var tenant, out _))
        {
            await next(context);
            return;
        }
        if (!TenantSlug.IsValid(tenant) || !await directory.ExistsAsync(tenant, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        AdminTenant.Set(context, tenant);
        await schemes.EnsureAsync(tenant);
        // A platform admin's session may serve any tenant's pages (the gate looks for it).
        await schemes.EnsureAsync(AdminRoles.PlatformTenant);
        await next(context);
    }
}
