using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Operations;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// connect/authorize after OpenIddict validated the request: sign the browser in (hosted page),
/// ask for consent where the client needs it, then issue the code.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, UserManager<PlatformUser> users,
        IOpenIddictApplicationManager apps, IOpenIddictAuthorizationManager authorizations,
        IAntiforgery antiforgery, SecondStep secondStep, TenantContext tenant, Telemetry.PlatformMetrics metrics, TimeProvider time)
    {
        if (InteractiveErrors.From(http) is { } error)
        {
            return error;
        }
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var session = await http.AuthenticateAsync(SessionScheme.Name);
        var user = session.Succeeded ? await users.FindByIdAsync(session.Principal!.FindFirst(Claims.Subject)!.Value) : null;
        var fresh = user is not null && !user.Disabled && session.Principal!.FindFirst("security_stamp")?.Value == user.SecurityStamp
            && !(request.MaxAge is { } maxAge && (time.GetUtcNow() - SessionPrincipal.AuthTime(session.Principal!)).TotalSeconds > maxAge);
        // SPEC 3: prompt=login re-authenticates, whether the request came by GET or POST; only the
        // consent form's answer comes back here after the sign-in (and without prompt=login).
        if (!fresh || request.HasPromptValue(PromptValues.Login) && !IsConsentAnswer(http))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(OAuthErrors.LoginRequired);
            }
            return Results.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrl(http, dropPromptLogin: true) }, [SessionScheme.Name]);
        }

        // Step-up: acr_values asking for MFA on a session that has none yet sends the user to the second factor.
        var sessionAmr = SessionPrincipal.Amr(session.Principal!);
        if (AcrValues.AsksForMfa(request.GetAcrValues()) && !sessionAmr.Contains("mfa"))
        {
            var decision = MfaPolicyEngine.Decide(tenant.Settings.ToMfaPolicy(),
                new SignInContext(UserFactors.Of(user!), sessionAmr.FirstOrDefault() ?? FirstFactors.Password, user!.PendingTotpEnrollment, StepUpRequested: true));
            metrics.MfaDecided(decision, sessionAmr.FirstOrDefault() ?? FirstFactors.Password);
            if (decision is MfaDecision.Deny)
            {
                return Forbid(OAuthErrors.SecondFactorUnavailable);
            }
            // SPEC 3: prompt=none never shows a page, the second factor's included.
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(OAuthErrors.SecondFactorRequired);
            }
            return Results.Redirect(await secondStep.SecondStepUrlAsync(http, user, sessionAmr.FirstOrDefault() ?? FirstFactors.Password,
                decision, ReturnUrl(http, dropPromptLogin: true), http.RequestAborted));
        }

        var app = await apps.FindByClientIdAsync(request.ClientId!) ?? throw new InvalidOperationException("Unknown client.");
        var applicationId = await apps.GetIdAsync(app);
        var scopes = request.GetScopes();
        var existing = await authorizations.FindAsync(user!.Id, applicationId!, Statuses.Valid, AuthorizationTypes.Permanent, scopes).ToListAsync();
        var needsConsent = await apps.HasConsentTypeAsync(app, ConsentTypes.Explicit) && existing.Count == 0;

        if (http.Request.HasFormContentType && http.Request.Form.ContainsKey("submit.Deny"))
        {
            await antiforgery.ValidateRequestAsync(http);
            return Forbid(OAuthErrors.UserDenied);
        }
        var accepted = http.Request.HasFormContentType && http.Request.Form.ContainsKey("submit.Accept");
        if (accepted)
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        else if (needsConsent || request.HasPromptValue(PromptValues.Consent))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(OAuthErrors.ConsentRequired);
            }
            // A POSTed request's parameters travel to the consent page in its query, like a GET's.
            return Results.Redirect($"{http.Request.PathBase}/account/consent{QueryString.Create(RequestParameters(http))}");
        }

        var principal = UserPrincipalFactory.Create(user, scopes, SessionPrincipal.Amr(session.Principal!), SessionPrincipal.AuthTime(session.Principal!));
        var authorization = existing.LastOrDefault() ?? await authorizations.CreateAsync(principal, user.Id, applicationId!, AuthorizationTypes.Permanent, principal.GetScopes());
        principal.SetAuthorizationId(await authorizations.GetIdAsync(authorization));
        principal.SetResources(await ResourcesAsync(scopes));
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // API scopes name their resource (audience); standard scopes have none.
    internal static Task<IEnumerable<string>> ResourcesAsync(IEnumerable<string> scopes) =>
        Task.FromResult(scopes.Where(s => !PlatformScopes.Standard.Contains(s)));

    private static bool IsConsentAnswer(HttpContext http) =>
        http.Request.HasFormContentType && (http.Request.Form.ContainsKey("submit.Accept") || http.Request.Form.ContainsKey("submit.Deny"));

    private static List<KeyValuePair<string, StringValues>> RequestParameters(HttpContext http) =>
        http.Request.HasFormContentType
            ? http.Request.Form.Where(p => !p.Key.StartsWith("__", StringComparison.Ordinal) && !p.Key.StartsWith("submit.", StringComparison.Ordinal)).ToList()
            : http.Request.Query.ToList();

    private static string ReturnUrl(HttpContext http, bool dropPromptLogin)
    {
        var parameters = RequestParameters(http);
        if (dropPromptLogin)
        {
            // After signing in, coming back must not ask again.
            parameters = parameters.Select(p => p.Key == Parameters.Prompt
                ? new KeyValuePair<string, StringValues>(p.Key, string.Join(' ', p.Value.ToString().Split(' ').Where(v => v != PromptValues.Login)))
                : p).ToList();
        }
        return http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
    }

    internal static IResult Forbid(OAuthError error) => Forbid(error.Error, error.Description);

    internal static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
