using Microsoft.AspNetCore;

namespace IdentityServer.Oidc;

/// <summary>
/// An authorize or end-session error that cannot be sent to the client (no valid redirect URI yet)
/// is shown as problem+json carrying the OAuth error and description.
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
        return Results.Problem(
            detail: response.ErrorDescription,
            statusCode: StatusCodes.Status400BadRequest,
            title: "The sign-in request is not valid",
            extensions: new Dictionary<string, object?> { ["error"] = error, ["error_description"] = response.ErrorDescription });
    }
}
