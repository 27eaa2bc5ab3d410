using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Oidc;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Mfa;

/// <summary>
/// grant_type=urn:identity-platform:grant-type:mfa-otp (SPEC 5): mfa_token + factor + code
/// completes a sign-in that answered mfa_required or mfa_enrollment_required. Each try counts
/// (5 per token); the token is single use; the second factor is never the first.
/// </summary>
public sealed class MfaOtpGrant(MfaTicketStore tickets, TotpSecrets secrets, UserManager<PlatformUser> users,
    AuditLog audit, TimeProvider time)
{
    public async Task<IResult> HandleAsync(OpenIddictRequest request, CancellationToken ct)
    {
        var ticket = await tickets.TryAsync(request.GetParameter("mfa_token")?.ToString(), request.ClientId!, ct);
        if (ticket is null)
        {
            return AuthorizeEndpoint.Forbid(Errors.InvalidGrant, MfaErrors.InvalidToken);
        }
        var factor = request.GetParameter("factor")?.ToString();
        var user = await users.FindByIdAsync(ticket.UserId);
        if (factor is null || !ticket.Methods.Split(' ').Contains(factor) || factor == ticket.FirstFactor || user is null || user.Disabled)
        {
            await AuditAsync(ticket, factor, "failed", ct);
            return AuthorizeEndpoint.Forbid(Errors.InvalidGrant, MfaErrors.InvalidCode);
        }
        if (factor != MfaFactor.Totp)
        {
            // Recovery codes, email and SMS as second factors come with the rest of the MFA issue.
            return AuthorizeEndpoint.Forbid(Errors.InvalidGrant, "This factor cannot complete a sign-in yet.");
        }
        var enrolling = ticket.Enrollment;
        var stored = enrolling ? ticket.PendingTotpSecretProtected : user.TotpSecretProtected;
        var step = stored is null ? null
            : Totp.Verify(secrets.Unprotect(stored), request.GetParameter("code")?.ToString(), time.GetUtcNow(), enrolling ? 0 : user.TotpLastStep);
        if (step is null || !await tickets.UseAsync(ticket, ct))
        {
            await AuditAsync(ticket, factor, "failed", ct);
            return AuthorizeEndpoint.Forbid(Errors.InvalidGrant, MfaErrors.InvalidCode);
        }
        if (enrolling)
        {
            user.TotpSecretProtected = stored;
            user.PendingTotpEnrollment = false;
        }
        user.TotpLastStep = step.Value;
        await users.UpdateAsync(user);
        await AuditAsync(ticket, factor, enrolling ? "enrolled" : "succeeded", ct);
        return SignIn(user, ticket);
    }

    private IResult SignIn(PlatformUser user, MfaTicket ticket)
    {
        // RFC 8176: the first factor, "otp" for the authenticator code, and "mfa".
        var principal = UserPrincipalFactory.Create(user, ticket.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            [ticket.FirstFactor, "otp", "mfa"], time.GetUtcNow());
        var properties = new AuthenticationProperties();
        if (ticket.UserCreated)
        {
            properties.SetParameter("user_created", true);
        }
        return Results.SignIn(principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private Task AuditAsync(MfaTicket ticket, string? factor, string outcome, CancellationToken ct) =>
        audit.WriteAsync("user:" + ticket.UserId, "mfa." + outcome, "user:" + ticket.UserId,
            new { factor, first_factor = ticket.FirstFactor, client_id = ticket.ClientId, attempts = ticket.Attempts }, ct);
}
