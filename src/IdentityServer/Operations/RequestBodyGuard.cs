using IdentityServer.Oidc;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;

namespace IdentityServer.Operations;

/// <summary>
/// Refuses request bodies the framework cannot parse before OpenIddict or endpoint binding read
/// them: a form that breaks the form reader's rules, a "form" content type the reader does not
/// accept, a charset no decoder knows. Protocol endpoints get an OAuth error, others problem+json.
/// </summary>
internal sealed class RequestBodyGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            await next(http);
            return;
        }
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            if (!http.Request.HasFormContentType)
            {
                await RefuseAsync(http, 400, "The Content-Type header is not a valid form media type.");
                return;
            }
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException)
            {
                await RefuseAsync(http, 400, "The form in the request body is malformed or exceeds the form limits.");
                return;
            }
        }
        else if (MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue && media.Encoding is null)
        {
            await RefuseAsync(http, 415, $"The charset '{media.Charset}' is not supported.");
            return;
        }
        await next(http);
    }

    private static Task RefuseAsync(HttpContext http, int status, string description) =>
        (http.Request.PathBase.StartsWithSegments("/t")
            ? ClientAuthenticator.OAuthError(status, OpenIddictConstants.Errors.InvalidRequest, description)
            : Results.Problem(description, statusCode: status, title: "Bad request")).ExecuteAsync(http);
}
