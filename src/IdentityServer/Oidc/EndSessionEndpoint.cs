using IdentityServer.Account;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Server.AspNetCore;

namespace IdentityServer.Oidc;

/// <summary>
/// connect/endsession (RP-initiated logout): ends the tenant session, then OpenIddict redirects to the
/// validated post_logout_redirect_uri. Without an id_token_hint the request may come from any site,
/// so a signed-in user first confirms on the logout page, whose form posts back here (with antiforgery).
/// </summary>
internal static class EndSessionEndpoint
{
    /// <summary>The end-session parameters the confirmation page carries back.</summary>
    public static readonly string[] Parameters = ["post_logout_redirect_uri", "state", "client_id", "ui_locales", "logout_hint"];

    public const string ConfirmField = "confirm_logout";

    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        if (InteractiveErrors.From(http) is { } error)
        {
            return error;
        }
        var request = http.GetOpenIddictServerRequest()!;
        if (string.IsNullOrEmpty(request.IdTokenHint) && !await ConfirmedAsync(http)
            && (await http.AuthenticateAsync(SessionScheme.Name)).Succeeded)
        {
            // OpenID RP-Initiated Logout 1.0, section 2: without the hint, ask the user.
            var query = Parameters.Where(p => !string.IsNullOrEmpty((string?)request[p]))
                .ToDictionary(p => p, p => (string?)request[p]);
            query["endsession"] = "1";
            return Results.Redirect(QueryHelpers.AddQueryString(http.Request.PathBase + "/account/logout", query));
        }
        await http.SignOutAsync(SessionScheme.Name);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = http.Request.PathBase + "/account/logged-out" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<bool> ConfirmedAsync(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
        && (await http.Request.ReadFormAsync(http.RequestAborted))[ConfirmField] == "yes"
        && await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
}
