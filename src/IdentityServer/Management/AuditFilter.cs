using IdentityServer.Audit;

namespace IdentityServer.Management;

/// <summary>
/// The management API's one audit mechanism: after a call of an endpoint marked
/// <c>.Audited(action)</c> succeeds, writes who did it (<see cref="AuditActor"/>), to what, what
/// changed (the endpoint's <see cref="AuditTrail"/>: before -> after per key, secrets hidden) and,
/// through <see cref="AuditLog"/>, from where. A refusal is written only when the endpoint asked.
/// </summary>
internal sealed class AuditFilter(AuditLog audit, AuditTrail trail) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var action = http.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>()?.Action;
        var status = StatusOf(result) ?? http.Response.StatusCode;
        var succeeded = status is >= 200 and <= 299;
        if (action is null || trail.Skipped || (!succeeded && trail.RefusedAction is null)
            || ManagementCaller.From(http.User) is not { } caller)
        {
            return result;
        }
        var slug = http.Request.RouteValues["slug"] as string ?? trail.Target?.Replace("tenant:", "", StringComparison.Ordinal);
        var details = new Dictionary<string, object?>(trail.Details, StringComparer.Ordinal);
        if (AuditChanges.Between(trail.Before, trail.After) is { } changes)
        {
            details["changes"] = changes;
        }
        await audit.WriteAsync(caller.Actor, succeeded ? action : trail.RefusedAction!, trail.Target ?? "tenant:" + slug,
            details.Count == 0 ? null : details, http.RequestAborted, tenantId: slug);
        return result;
    }

    // A typed Results<...> wraps the answer it holds.
    private static int? StatusOf(object? result) =>
        result is INestedHttpResult nested ? StatusOf(nested.Result) : (result as IStatusCodeHttpResult)?.StatusCode;
}
