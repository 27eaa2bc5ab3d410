namespace IdentityServer.Management;

/// <summary>Tenant creation, listing and status changes are for platform admins only.</summary>
internal sealed class PlatformAdminFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = ManagementCaller.From(context.HttpContext.User);
        return caller is { IsPlatformAdmin: true }
            ? await next(context)
            : Problems.Forbidden("Only platform admins manage tenants.");
    }
}
