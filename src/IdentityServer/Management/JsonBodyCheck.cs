using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace IdentityServer.Management;

/// <summary>
/// Reads a management API JSON body before endpoint binding does (the body is buffered by
/// Operations/RequestBodyGuard), so that a body binding would refuse with a bare 400 is answered
/// with a 400 problem naming the field in the contract's words (<see cref="JsonBodyErrors"/>).
/// Runs after authorization: a caller without access learns nothing about bodies.
/// </summary>
internal sealed class JsonBodyCheck(RequestDelegate next, IOptions<JsonOptions> json)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var endpoint = http.GetEndpoint();
        if (request.Path.StartsWithSegments("/api/v1") && request.HasJsonContentType()
            && endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } type, IsOptional: false }
            // Only bodies the framework binds; an endpoint that reads its own (settings) explains its own errors.
            && endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.GetParameters().Any(p => p.ParameterType == type) == true
            && request.Body.CanSeek && request.ContentLength is not 0)
        {
            try
            {
                await JsonSerializer.DeserializeAsync(request.Body, type, json.Value.SerializerOptions, http.RequestAborted);
            }
            catch (JsonException e)
            {
                var (field, message) = JsonBodyErrors.Describe(e, type, json.Value.SerializerOptions);
                var problem = new BadRequestProblem(message);
                problem.Value.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
                await problem.ExecuteAsync(http);
                return;
            }
            finally
            {
                request.Body.Position = 0;
            }
        }
        await next(http);
    }
}
