using System.Security.Claims;
using IdentityServer.Data;
using IdentityServer.HotPath;
using IdentityServer.Operations;
using IdentityServer.Protocol;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// connect/token after OpenIddict validated the client and the grant. client_credentials writes
/// nothing; every other grant is an <see cref="ITokenGrant"/> keyed by its grant_type, run inside
/// the request's unit of work, and its <see cref="GrantOutcome"/> becomes the response here.
/// Every outcome commits the unit: a refusal or mfa_required here, a sign-in with OpenIddict's
/// token rows in one write on the hot path (HotPath/OneWriteSignInHandler), here before them without it.
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
        // Each grant (and its dependencies) is resolved only for its own requests.
        if (request.GrantType is not { } type || http.RequestServices.GetKeyedService<ITokenGrant>(type) is not { } grant)
        {
            return AuthorizeEndpoint.Forbid(OAuthErrors.UnsupportedGrantType);
        }
        var unit = http.RequestServices.GetRequiredService<UnitOfWork>();
        unit.Begin();
        var outcome = await grant.HandleAsync(request, http.RequestAborted);
        var withTokens = outcome is GrantOutcome.SignedIn && http.RequestServices.GetRequiredService<IOptions<HotPathOptions>>().Value.Enabled;
        if (!withTokens && !await unit.CommitAsync(http.RequestAborted))
        {
            return AuthorizeEndpoint.Forbid(OAuthErrors.LostRace);
        }
        return outcome switch
        {
            GrantOutcome.SignedIn signedIn => new CommitLeftovers(SignIn(signedIn), unit),
            GrantOutcome.Refused refused => AuthorizeEndpoint.Forbid(refused.Error, refused.Description),
            GrantOutcome.MfaRequired mfa => MfaRequired(mfa),
            _ => throw new InvalidOperationException("Unknown grant outcome."),
        };
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

    private static IResult SignIn(GrantOutcome.SignedIn outcome)
    {
        var principal = UserPrincipalFactory.Create(outcome.User, outcome.Scopes, outcome.Amr, outcome.AuthTime);
        if (outcome.Resources is { } resources)
        {
            principal.SetResources(resources);
        }
        if (outcome.AuthorizationId is { } authorization)
        {
            principal.SetAuthorizationId(authorization);
        }
        var properties = new AuthenticationProperties();
        if (outcome.UserCreated)
        {
            properties.SetParameter("user_created", true);
        }
        if (outcome.RecoveryCodes is { } codes)
        {
            properties.SetParameter("recovery_codes", codes.ToArray());
        }
        return Results.SignIn(principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // SPEC 4.3: mfa_required / mfa_enrollment_required with an mfa_token and the methods.
    private static IResult MfaRequired(GrantOutcome.MfaRequired outcome)
    {
        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = outcome.Enrollment ? "mfa_enrollment_required" : "mfa_required",
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = outcome.Enrollment
                ? "Enroll a second factor to finish signing in." : "A second factor is needed to finish signing in.",
        });
        properties.SetParameter("mfa_token", outcome.MfaToken);
        properties.SetParameter("mfa_methods", outcome.Methods.ToArray());
        if (outcome.UserCreated)
        {
            properties.SetParameter("user_created", true);
        }
        return Results.Forbid(properties, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// Runs OpenIddict's sign-in; its one-write handler commits the unit with the token rows. Should
    /// OpenIddict refuse the sign-in before that handler, the grant's queued rows are still written here.
    /// </summary>
    private sealed class CommitLeftovers(IResult inner, UnitOfWork unit) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await inner.ExecuteAsync(httpContext);
            if (unit.IsOpen)
            {
                await unit.CommitAsync(httpContext.RequestAborted);
            }
        }
    }
}
