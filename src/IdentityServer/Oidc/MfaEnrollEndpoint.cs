using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Operations;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// POST /t/{tenant}/connect/mfa/enroll (SPEC 5): with an mfa_token that asks for enrollment and
/// factor=totp, returns a new secret and its otpauth URI; the mfa-otp grant with a code from it
/// confirms the enrollment and completes the sign-in. factor=webauthn returns the WebAuthn creation
/// options (public_key); the mfa-otp grant with the authenticator's answer (attestation) enrolls the passkey.
/// </summary>
internal static class MfaEnrollEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator clients, MfaTicketStore tickets,
        TotpEnrollment enrollment, MfaPasskeys passkeys, UserManager<PlatformUser> users, TenantContext tenant, CancellationToken ct)
    {
        var (request, error) = await clients.ReadAsync(http.Request, ct);
        if (request is null)
        {
            return error!;
        }
        var form = request.Form;
        var factor = form["factor"].ToString();
        if (factor is not (MfaFactor.Totp or MfaFactor.WebAuthn))
        {
            return OAuthErrors.Response(OAuthErrors.UnsupportedEnrollmentFactor);
        }
        var ticket = await tickets.FindLiveAsync(form["mfa_token"].ToString(), request.ClientId, ct);
        if (ticket is null || !ticket.Enrollment || !ticket.Methods.Split(' ').Contains(factor))
        {
            return OAuthErrors.Response(OAuthErrors.InvalidMfaToken);
        }
        var user = await users.FindByIdAsync(ticket.UserId);
        if (user is null || user.Disabled)
        {
            return OAuthErrors.Response(OAuthErrors.InvalidMfaToken);
        }
        http.Response.Headers.CacheControl = "no-store";
        if (factor == MfaFactor.WebAuthn)
        {
            return await passkeys.EnrollAsync(ticket, user, ct) is { } options
                ? Results.Json(new Dictionary<string, object> { ["factor"] = factor, ["public_key"] = System.Text.Json.Nodes.JsonNode.Parse(options)! })
                : OAuthErrors.Response(OAuthErrors.PasskeySetupsExhausted);
        }
        var offer = await enrollment.OfferAsync(ticket, user, tenant.Required.DisplayName, ct);
        return Results.Json(new Dictionary<string, string> { ["secret"] = offer.Secret, ["otpauth_uri"] = offer.OtpAuthUri });
    }
}
