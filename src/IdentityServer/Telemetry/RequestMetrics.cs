using IdentityServer.Tenancy;

namespace IdentityServer.Telemetry;

/// <summary>Counts every answered request by endpoint name, tenant and status class (<c>idp.requests</c>).</summary>
internal sealed class RequestMetrics(RequestDelegate next, PlatformMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenant)
    {
        // Named before the tenant resolution moves /t/{tenant} into the path base.
        var endpoint = EndpointNames.Of(http.Request.Path);
        var status = 500;
        try
        {
            await next(http);
            status = http.Response.StatusCode;
        }
        finally
        {
            // A tenant that does not exist is "-": a caller's typing never becomes a label. An exception
            // counts as the 500 the exception handler outside this middleware answers.
            metrics.RequestAnswered(endpoint, tenant.TenantId ?? "-", status);
        }
    }
}
