using IdentityServer.Data;
using IdentityServer.Oidc;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Mfa;

/// <summary>
/// POST /t/{tenant}/connect/mfa/enroll (SPEC 5): with an mfa_token that asks for enrollment and
/// factor=totp, returns a new secret and its otpauth URI; the mfa-otp grant with a code from it
/// confirms the enrollment and completes the sign-in.
/// </summary>
internal static class MfaEnrollEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientAuthenticator clients, MfaTicketStore tickets,
        TotpEnrollment enrollment, UserManager<PlatformUser> users, TenantContext tenant, CancellationToken ct)
    {
        var (request, error) = await clients.ReadAsync(http.Request, ct);
        if (request is null)
        {
            return error!;
        }
        var form = request.Form;
        if (form["factor"].ToString() != Tenancy.Settings.MfaFactor.Totp)
        {
            return MfaErrors.Error(400, Errors.InvalidRequest, "Only factor=totp can be enrolled here.");
        }
        var ticket = await tickets.FindLiveAsync(form["mfa_token"].ToString(), request.ClientId, ct);
        if (ticket is null || !ticket.Enrollment || !ticket.Methods.Split(' ').Contains(Tenancy.Settings.MfaFactor.Totp))
        {
            return MfaErrors.Error(400, Errors.InvalidGrant, MfaErrors.InvalidToken);
        }
        var user = await users.FindByIdAsync(ticket.UserId);
        if (user is null || user.Disabled)
        {
            return MfaErrors.Error(400, Errors.InvalidGrant, MfaErrors.InvalidToken);
        }
        var (secret, uri) = await enrollment.OfferAsync(ticket, user, tenant.Current!.DisplayName, ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, string> { ["secret"] = secret, ["otpauth_uri"] = uri });
    }
}
