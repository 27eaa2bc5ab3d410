using IdentityServer.Mfa;
using IdentityServer.SmsSignIn;

namespace IdentityServer.Oidc;

/// <summary>The protocol endpoints beside OpenIddict's own that start the SMS and MFA grants (SPEC 4.1, 5).</summary>
internal static class CodeGrantEndpoints
{
    public static IEndpointRouteBuilder MapSmsSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/sms/start", SmsStartEndpoint.HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    public static IEndpointRouteBuilder MapMfa(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/mfa/enroll", MfaEnrollEndpoint.HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/connect/mfa/challenge", MfaChallengeEndpoint.HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
