using System.Text;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;

namespace IdentityServer.Operations;

/// <summary>
/// Refuses, before OpenIddict or endpoint binding see them, requests the framework would answer
/// with a 500 (issue 12 point 10): a method nothing here implements (405), a page asked for with
/// a method pages do not take (405), a charset no decoder here accepts (415, UTF-7 included), a
/// form or multipart body the form reader cannot parse (400), and a management API body over
/// <see cref="ApiBodyLimit"/> (413). Protocol endpoints get an OAuth error, others problem+json.
/// Runs after routing (it needs the endpoint) and before authentication (which reads the body).
/// </summary>
internal sealed class RequestBodyGuard(RequestDelegate next)
{
    /// <summary>SPEC 7: management API bodies above 64 kB are refused with 413.</summary>
    public const int ApiBodyLimit = 64 * 1024;

    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Options,
    };

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!KnownMethods.Contains(request.Method)
            || (http.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null
                && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPost(request.Method))))
        {
            http.Response.Headers.Allow = "GET, HEAD, POST";
            await RefuseAsync(http, 405, $"The method {request.Method} is not allowed here.");
            return;
        }
        if (request.Path.StartsWithSegments("/api") && !await BufferApiBodyAsync(http))
        {
            await RefuseAsync(http, 413, $"The request body is larger than {ApiBodyLimit / 1024} kB.");
            return;
        }
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            await next(http);
            return;
        }
        if (MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue && !IsSupported(media.Charset.Value))
        {
            await RefuseAsync(http, 415, $"The charset '{media.Charset}' is not supported.");
            return;
        }
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            if (!request.HasFormContentType)
            {
                await RefuseAsync(http, 400, "The Content-Type header is not a valid form media type.");
                return;
            }
            try
            {
                await request.ReadFormAsync(http.RequestAborted);
            }
            // InvalidDataException: the form limits; IOException: a multipart type over a body that is not multipart.
            catch (Exception e) when (e is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
            {
                await RefuseAsync(http, 400, "The form in the request body is malformed or exceeds the form limits.");
                return;
            }
        }
        await next(http);
    }

    // A charset is taken when .NET decodes it; UTF-7 is refused (obsolete, and a known XSS vector).
    private static bool IsSupported(string? charset)
    {
        var name = charset?.Trim('"', ' ');
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        try
        {
            var encoding = Encoding.GetEncoding(name);
            return encoding.CodePage != 65000;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Reads an API body into memory when it is within the limit (false when it is not), so that no handler meets a larger one.</summary>
    private static async Task<bool> BufferApiBodyAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength is > ApiBodyLimit)
        {
            return false;
        }
        if (request.ContentLength is 0 || (request.ContentLength is null && !HttpMethods.IsPost(request.Method)
                && !HttpMethods.IsPut(request.Method) && !HttpMethods.IsPatch(request.Method)))
        {
            return true;
        }
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > ApiBodyLimit)
            {
                return false;
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        request.Body = buffer;
        http.Response.RegisterForDispose(buffer);
        return true;
    }

    private static Task RefuseAsync(HttpContext http, int status, string description) =>
        (http.Request.PathBase.StartsWithSegments("/t")
            ? OAuthErrors.Response(status, OpenIddictConstants.Errors.InvalidRequest, description)
            : Results.Problem(description, statusCode: status, title: status switch
            {
                405 => "Method not allowed",
                413 => "Payload too large",
                415 => "Unsupported media type",
                _ => "Bad request",
            })).ExecuteAsync(http);
}
