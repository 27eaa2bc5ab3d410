using IdentityServer.Data;
using IdentityServer.Oidc;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Mfa;

/// <summary>
/// POST /t/{tenant}/connect/mfa/challenge (SPEC 5): mfa_token + factor (sms or email) sends that
/// factor's code; sms is refused where SMS was the first factor. The code then goes to the mfa-otp grant.
/// </summary>
internal static class MfaChallengeEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator clients, MfaTicketStore tickets,
        MfaChallenges challenges, UserManager<PlatformUser> users, CancellationToken ct)
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
            return MfaErrors.Error(400, Errors.InvalidGrant, MfaErrors.InvalidToken);
        }
        var factor = form["factor"].ToString();
        var refused = await challenges.SendAsync(ticket, user, factor, Tenancy.WebOtpHost.For(http), http.Connection.RemoteIpAddress?.ToString(), ct);
        if (refused is not null)
        {
            if (refused.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return MfaErrors.Error(refused.Status, refused.Error, refused.Description);
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object> { ["challenge_type"] = "oob", ["factor"] = factor, ["expires_in"] = 300 });
    }
}
