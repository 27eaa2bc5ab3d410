using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Tenancy;

internal static class TenantProblems
{
    public static Task WriteNotFoundAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return http.Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = 404,
            Title = "Not found",
            Detail = "No active tenant answers at this address.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        }, options: null, contentType: "application/problem+json", cancellationToken: http.RequestAborted);
    }
}
