using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Operations;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// POST /t/{tenant}/connect/mfa/challenge (SPEC 5): mfa_token + factor (sms or email) sends that
/// factor's code; sms is refused where SMS was the first factor. The code then goes to the mfa-otp grant.
/// factor=webauthn answers the WebAuthn request options (public_key) instead; the assertion goes to the grant.
/// </summary>
internal static class MfaChallengeEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator clients, MfaTicketStore tickets,
        MfaChallenges challenges, MfaPasskeys passkeys, UserManager<PlatformUser> users, CancellationToken ct)
    {
        var (request, error) = await clients.ReadAsync(http.Request, ct);
        if (request is null)
        {
            return error!;
        }
        var form = request.Form;
        var ticket = await tickets.FindLiveAsync(form["mfa_token"].ToString(), request.ClientId, ct);
        var user = ticket is null ? null : await users.FindByIdAsync(ticket.UserId);
        if (ticket is null || user is null || user.Disabled)
        {
            return OAuthErrors.Response(OAuthErrors.InvalidMfaToken);
        }
        var factor = form["factor"].ToString();
        if (factor == MfaFactor.WebAuthn)
        {
            var options = await passkeys.ChallengeAsync(ticket, ct);
            if (options is null)
            {
                return OAuthErrors.Response(OAuthErrors.PasskeyNotOffered);
            }
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Dictionary<string, object>
            {
                ["challenge_type"] = "webauthn",
                ["factor"] = factor,
                ["expires_in"] = 300,
                ["public_key"] = System.Text.Json.Nodes.JsonNode.Parse(options)!,
            });
        }
        var refused = await challenges.SendAsync(ticket, user, factor, Tenancy.WebOtpHost.For(http), http.Connection.RemoteIpAddress?.ToString(), ct);
        if (refused is not null)
        {
            return OAuthErrors.Response(refused.Status, refused.Error, refused.Description, refused.RetryAfter);
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object> { ["challenge_type"] = "oob", ["factor"] = factor, ["expires_in"] = 300 });
    }
}
