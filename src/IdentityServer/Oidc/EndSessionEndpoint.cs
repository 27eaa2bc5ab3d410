using IdentityServer.Account;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace IdentityServer.Oidc;

/// <summary>connect/endsession (RP-initiated logout): ends the tenant session, then OpenIddict redirects to the validated post_logout_redirect_uri.</summary>
internal static class EndSessionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        if (InteractiveErrors.From(http) is { } error)
        {
            return error;
        }
        await http.SignOutAsync(SessionScheme.Name);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = http.Request.PathBase + "/account/logged-out" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
