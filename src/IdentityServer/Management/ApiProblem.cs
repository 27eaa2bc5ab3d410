using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Management;

/// <summary>
/// A problem+json answer of the management API as a typed result (issue 13 point 6): each status
/// is its own type, so a handler's <c>Results&lt;...&gt;</c> says every answer it can give and the
/// OpenAPI document lists it with the problem schema.
/// </summary>
internal abstract class ApiProblem(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public const string ContentType = "application/problem+json";

    public ProblemDetails Value => problem;
    object? IValueHttpResult.Value => problem;
    public int? StatusCode => problem.Status;
    string? IContentTypeHttpResult.ContentType => ContentType;

    public virtual Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(problem).ExecuteAsync(httpContext);

    protected static ProblemDetails Details(int status, string title, string detail, string? error = null)
    {
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (error is not null)
        {
            details.Extensions["error"] = error;
        }
        return details;
    }

    protected static void Declare(EndpointBuilder builder, int status, Type? schema = null) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, schema ?? typeof(ProblemDetails), [ContentType]));
}

/// <summary>400: the request cannot be read (a query parameter, a body that is not the JSON asked for).</summary>
internal sealed class BadRequestProblem(string detail) : ApiProblem(Details(400, "Bad request", detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, 400);
}

/// <summary>403: the token does not manage that tenant, or is not a platform admin's.</summary>
internal sealed class ForbiddenProblem(string detail) : ApiProblem(Details(403, "Forbidden", detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, 403);
}

/// <summary>404: no such tenant, user, client.</summary>
internal sealed class NotFoundProblem(string detail) : ApiProblem(Details(404, "Not found", detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, 404);
}

/// <summary>409: the request conflicts with the current state (a duplicate, U1, U3, a concurrent change).</summary>
internal sealed class ConflictProblem(string detail, string title = "Conflict", string? error = null)
    : ApiProblem(Details(409, title, detail, error)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, 409);
}

/// <summary>415: a body in a media type this endpoint does not take.</summary>
internal sealed class UnsupportedMediaProblem(string detail) : ApiProblem(Details(415, "Unsupported media type", detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, 415);
}

/// <summary>422: the body breaks a rule; <c>errors</c> names each field in the contract's words.</summary>
internal sealed class InvalidProblem(IDictionary<string, string[]> errors)
    : ApiProblem(new HttpValidationProblemDetails(errors)
    {
        Status = 422,
        Title = "The request breaks a rule",
        Detail = errors.First().Value.First(),
        Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
    }), IEndpointMetadataProvider
{
    public IDictionary<string, string[]> Errors => errors;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, 422, typeof(HttpValidationProblemDetails));
}

/// <summary>A code that was not sent: 429 (a limit or the cooldown, with Retry-After and the seconds) or 503 (the provider).</summary>
internal sealed class CodeNotSentProblem : ApiProblem, IEndpointMetadataProvider
{
    private readonly int? _retryAfter;

    private CodeNotSentProblem(ProblemDetails problem, int? retryAfter) : base(problem) => _retryAfter = retryAfter;

    public static CodeNotSentProblem TooMany(string detail, int retryAfterSeconds) =>
        new(Details(429, "slow_down", detail, "slow_down"), retryAfterSeconds);

    public static CodeNotSentProblem Unavailable(string detail) =>
        new(Details(503, "temporarily_unavailable", detail, "temporarily_unavailable"), null);

    public override Task ExecuteAsync(HttpContext httpContext)
    {
        if (_retryAfter is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return base.ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Declare(builder, 429);
        Declare(builder, 503);
    }
}
