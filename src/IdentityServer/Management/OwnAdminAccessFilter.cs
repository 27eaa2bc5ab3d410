namespace IdentityServer.Management;

/// <summary>
/// On the user endpoints: refuses (409) a change by which the calling admin would remove their own admin
/// role, disable or delete themselves (<see cref="OwnAdminAccess"/>), before anything is read or written.
/// </summary>
internal sealed class OwnAdminAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetRouteValue("id") is string id && http.GetRouteValue("slug") is string tenant)
        {
            var caller = ManagementCaller.From(http.User);
            var path = http.Request.Path.Value ?? "";
            var refusal = context.Arguments switch
            {
                _ when HttpMethods.IsDelete(http.Request.Method) && !path.EndsWith("/phone", StringComparison.Ordinal)
                    => OwnAdminAccess.DeleteRefusal(caller, tenant, id),
                _ when path.EndsWith("/disable", StringComparison.Ordinal) => OwnAdminAccess.DisableRefusal(caller, tenant, id, "disabled"),
                _ => null,
            };
            foreach (var argument in context.Arguments)
            {
                refusal ??= argument switch
                {
                    UserModel user => OwnAdminAccess.RolesRefusal(caller, tenant, id, user.Roles)
                        ?? OwnAdminAccess.DisableRefusal(caller, tenant, id, user.Status),
                    UserAdminEndpoints.RolesRequest roles => OwnAdminAccess.RolesRefusal(caller, tenant, id, roles.Roles),
                    _ => null,
                };
            }
            if (refusal is not null)
            {
                return Problems.Conflict(refusal);
            }
        }
        return await next(context);
    }
}
