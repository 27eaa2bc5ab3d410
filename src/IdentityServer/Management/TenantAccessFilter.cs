using IdentityServer.Tenancy;

namespace IdentityServer.Management;

/// <summary>
/// For /tenants/{slug}/...: the caller must manage that tenant (403 otherwise, before saying
/// whether it exists), the tenant must exist (404), and the scope's tenant becomes that tenant
/// so every query is filtered by it.
/// </summary>
internal sealed class TenantAccessFilter(TenantCatalog catalog, TenantContext tenantContext) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var slug = http.GetRouteValue("slug") as string ?? "";
        var caller = ManagementCaller.From(http.User);
        if (caller is null || !caller.CanManage(slug))
        {
            return Problems.Forbidden("This token does not manage that tenant.");
        }
        var tenant = await catalog.FindAsync(slug, http.RequestAborted);
        if (tenant is null)
        {
            return Problems.NotFound($"There is no tenant '{slug}'.");
        }
        tenantContext.Set(tenant);
        return await next(context);
    }
}
