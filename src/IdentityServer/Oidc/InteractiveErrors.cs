using System.Net;
using Microsoft.AspNetCore;

namespace IdentityServer.Oidc;

/// <summary>
/// An authorize or end-session error that cannot be sent to the client (no valid redirect URI yet)
/// is shown by the server: an HTML page for a browser (SPEC 3), problem+json for any other caller,
/// both carrying the OAuth error and description.
/// </summary>
internal static class InteractiveErrors
{
    public static IResult? From(HttpContext http)
    {
        var response = http.GetOpenIddictServerResponse();
        if (response?.Error is not { } error)
        {
            return null;
        }
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Content(Page(error, response.ErrorDescription), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        return Results.Problem(
            detail: response.ErrorDescription,
            statusCode: StatusCodes.Status400BadRequest,
            title: "The sign-in request is not valid",
            extensions: new Dictionary<string, object?> { ["error"] = error, ["error_description"] = response.ErrorDescription });
    }

    private static string Page(string error, string? description) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>The sign-in request is not valid</title></head><body><main>" +
        "<h1>The sign-in request is not valid</h1>" +
        $"<p>{WebUtility.HtmlEncode(description ?? "The application sent a request this server cannot accept.")}</p>" +
        $"<p>Error: <code>{WebUtility.HtmlEncode(error)}</code>. Go back to the application and try again, or contact its support.</p>" +
        "</main></body></html>";
}
