using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Operations;

/// <summary>
/// The one catalogue of the OAuth errors this server writes itself (endpoints beside OpenIddict,
/// OpenIddict handlers, grants), each with a stable id; docs/ARCHITECTURE.md lists them. Errors whose
/// description names the input (a phone number's problem, a client's) are written through
/// <see cref="Response(int, string, string, int?)"/>.
/// </summary>
internal static class OAuthErrors
{
    // Requests and clients.
    public static readonly OAuthError FormRequired = new("IDP1001", Errors.InvalidRequest, "The request must be form-encoded.");

    // SMS sign-in (SPEC 4).
    public static readonly OAuthError SmsGrantNotAllowed = new("IDP2001", Errors.UnauthorizedClient, "This client may not use SMS sign-in.");
    public static readonly OAuthError SmsSignInDisabled = new("IDP2002", Errors.AccessDenied, "SMS sign-in is not enabled for this tenant.");
    public static readonly OAuthError SmsNotSent = new("IDP2003", Errors.TemporarilyUnavailable, "The SMS could not be sent; try again shortly.", 503);
    public static readonly OAuthError TooManyCodes = new("IDP2004", Errors.SlowDown, "Too many codes were requested; try again later.", 429);

    /// <summary>
    /// <see cref="TooManyCodes"/> with the wait a refused caller reads (issue 15 point 7): the
    /// resend cooldown or another send limit, and how many seconds.
    /// </summary>
    public static OAuthError TooManyCodesFor(int retryAfter, bool cooldown) => TooManyCodes with
    {
        Description = cooldown
            ? $"A code was sent moments ago. Wait {retryAfter} seconds before asking for another one."
            : $"Too many codes were requested. Wait {retryAfter} seconds before asking for another one.",
    };

    // Second factors (SPEC 5).
    public static readonly OAuthError InvalidMfaToken = new("IDP3001", Errors.InvalidGrant, "The mfa_token is invalid or has expired.");
    public static readonly OAuthError InvalidMfaCode = new("IDP3002", Errors.InvalidGrant, "The code is not valid.");
    public static readonly OAuthError UnsupportedEnrollmentFactor = new("IDP3003", Errors.InvalidRequest, "Only factor=totp or factor=webauthn can be enrolled here.");
    public static readonly OAuthError MfaLocked = new("IDP3004", Errors.SlowDown, "Too many wrong codes were entered; try again later.", 429);
    public static readonly OAuthError CodeNotSent = new("IDP3005", Errors.TemporarilyUnavailable, "The code could not be sent; try again shortly.", 503);
    public static readonly OAuthError SameFactorTwice = new("IDP3006", Errors.InvalidRequest, "The second factor cannot be the one used first.");
    public static readonly OAuthError FactorNotOffered = new("IDP3007", Errors.InvalidRequest, "This factor is not offered for this sign-in.");
    public static readonly OAuthError PasskeySetupsExhausted = new("IDP3008", Errors.InvalidRequest,
        "Too many passkey set-ups were asked for this sign-in; start again.");
    public static readonly OAuthError PasskeyNotOffered = new("IDP3009", Errors.InvalidRequest,
        "A passkey is not offered for this sign-in, or too many were asked for; start again.");

    // Authorization and token endpoints (OpenIddict's pipeline).
    public static readonly OAuthError LoginRequired = new("IDP4001", Errors.LoginRequired, "The user is not signed in.");
    public static readonly OAuthError SecondFactorUnavailable = new("IDP4002", "unmet_authentication_requirements",
        "This account cannot complete the second factor the client asks for.");
    public static readonly OAuthError SecondFactorRequired = new("IDP4003", Errors.InteractionRequired, "The user must complete a second factor.");
    public static readonly OAuthError UserDenied = new("IDP4004", Errors.AccessDenied, "The user denied the request.");
    public static readonly OAuthError ConsentRequired = new("IDP4005", Errors.ConsentRequired, "The user must consent to this application.");
    public static readonly OAuthError UnsupportedGrantType = new("IDP4006", Errors.UnsupportedGrantType, "This grant type is not supported.");
    public static readonly OAuthError TokenNoLongerValid = new("IDP4007", Errors.InvalidGrant, "The token is no longer valid.");
    public static readonly OAuthError LostRace = new("IDP4008", Errors.InvalidGrant, Protocol.GrantOutcome.LostRace);

    // Tokens (introspection, revocation, validation).
    public static readonly OAuthError AccessTokenRevoked = new("IDP5001", Errors.InvalidToken, "The access token was revoked.");
    public static readonly OAuthError NotIssuedToClient = new("IDP5002", Errors.InvalidToken, "The token was not issued to this client.");
    public static readonly OAuthError CannotRevoke = new("IDP5003", Errors.UnsupportedTokenType, "This token cannot be revoked.");
    public static readonly OAuthError TokenNotValid = new("IDP5004", Errors.InvalidToken, "The token is not valid.");

    /// <summary>Every entry, for the documentation and the test that keeps the ids unique.</summary>
    public static IReadOnlyList<OAuthError> All { get; } = [.. typeof(OAuthErrors).GetFields()
        .Where(f => f.FieldType == typeof(OAuthError)).Select(f => (OAuthError)f.GetValue(null)!)];

    public static IResult Response(OAuthError error, int? retryAfter = null) =>
        Response(error.Status, error.Error, error.Description, retryAfter);

    /// <summary>The OAuth error shape of SPEC 4/5: {"error", "error_description"}, with Retry-After when given.</summary>
    public static IResult Response(int status, string error, string description, int? retryAfter = null) =>
        new OAuthErrorResult(status, error, description, retryAfter);

    private sealed class OAuthErrorResult(int status, string error, string description, int? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            if (retryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status)
                .ExecuteAsync(http);
        }
    }
}
