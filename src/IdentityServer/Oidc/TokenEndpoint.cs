using System.Security.Claims;
using IdentityServer.Data;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// connect/token after OpenIddict validated the client and the grant: one method per grant.
/// Codes and refresh tokens re-read the user, so a disabled or deleted user gets no new tokens.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        if (request.IsClientCredentialsGrantType())
        {
            return ClientCredentials(request);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await RedeemAsync(http, http.RequestServices.GetRequiredService<PlatformDbContext>());
        }
        if (request.GrantType == PlatformGrants.SmsOtp)
        {
            // Each grant (and its dependencies) is resolved only for its own requests.
            var smsOtp = http.RequestServices.GetRequiredService<SmsSignIn.SmsOtpGrant>();
            return await smsOtp.HandleAsync(request, http.RequestAborted);
        }
        if (request.GrantType == PlatformGrants.MfaOtp)
        {
            var mfaOtp = http.RequestServices.GetRequiredService<Mfa.MfaOtpGrant>();
            return await mfaOtp.HandleAsync(request, http.RequestAborted);
        }
        return AuthorizeEndpoint.Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static IResult ClientCredentials(OpenIddictRequest request)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        principal.SetResources(request.GetScopes().Where(s => !PlatformScopes.Standard.Contains(s)));
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> RedeemAsync(HttpContext http, PlatformDbContext db)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var subject = result.Principal?.GetClaim(Claims.Subject);
        var user = subject is null ? null : await TokenEndpointQueries.UserById(db, subject, http.RequestAborted);
        if (user is null || user.Disabled)
        {
            return AuthorizeEndpoint.Forbid(Errors.InvalidGrant, "The token is no longer valid.");
        }
        // Fresh claims from the user; the scopes, amr and auth_time of the original sign-in.
        var original = result.Principal!;
        var amr = UserPrincipalFactory.ReadAmr(original);
        var authTime = long.TryParse(original.GetClaim(PlatformClaims.AuthTime), out var t)
            ? DateTimeOffset.FromUnixTimeSeconds(t) : DateTimeOffset.MinValue;
        var principal = UserPrincipalFactory.Create(user, original.GetScopes(), amr, authTime);
        principal.SetResources(original.GetResources());
        principal.SetAuthorizationId(original.GetAuthorizationId());
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
