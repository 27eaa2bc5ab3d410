using IdentityServer.Audit;

namespace IdentityServer.Management;

/// <summary>
/// After a successful management call marked [Audited], records who did it and to what (the
/// route's slug, client id or user id). Bodies are not recorded: they may hold secrets or passwords.
/// </summary>
internal sealed class AuditFilter(AuditLog audit) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var action = http.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>()?.Action;
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode;
        if (action is null || status is < 200 or > 299 || ManagementCaller.From(http.User) is not { } caller)
        {
            return result;
        }
        var route = http.Request.RouteValues;
        var slug = route["slug"] as string ?? (context.Arguments.OfType<TenantModel>().FirstOrDefault()?.Slug);
        var target = route["clientId"] is string clientId ? "client:" + clientId
            : route["id"] is string userId ? "user:" + userId
            : result is IValueHttpResult { Value: UserModel user } ? "user:" + user.Id
            : result is IValueHttpResult { Value: Oidc.ClientModel client } ? "client:" + client.ClientId
            : "tenant:" + slug;
        await audit.WriteAsync(caller.Actor, action, target, new { method = http.Request.Method, status }, http.RequestAborted, tenantId: slug);
        return result;
    }
}
