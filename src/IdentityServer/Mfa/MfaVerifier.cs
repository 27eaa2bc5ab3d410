using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;

namespace IdentityServer.Mfa;

/// <summary>
/// Completes a sign-in's second step (SPEC 5) for the mfa-otp grant and the MFA pages alike:
/// one counted try of the mfa_token, a factor the ticket offers and that is not the first one,
/// the code checked (TOTP without replay, or a recovery code used up), the enrollment confirmed.
/// </summary>
public sealed class MfaVerifier(MfaTicketStore tickets, TotpSecrets secrets, RecoveryCodes recovery, MfaChallenges challenges,
    UserManager<PlatformUser> users, AuditLog audit, TimeProvider time)
{
    public async Task<MfaCompletion> CompleteAsync(string? token, string clientId, string? factor, string? code, CancellationToken ct)
    {
        var ticket = await tickets.TryAsync(token, clientId, ct);
        if (ticket is null)
        {
            return MfaCompletion.Failed(MfaErrors.InvalidToken);
        }
        var user = await users.FindByIdAsync(ticket.UserId);
        // The second factor is never the first one, and only the ticket's methods count.
        if (factor is null || !ticket.Methods.Split(' ').Contains(factor) || factor == ticket.FirstFactor || user is null || user.Disabled)
        {
            return await FailAsync(ticket, factor, ct);
        }
        var enrolling = ticket.Enrollment;
        bool verified;
        switch (factor)
        {
            case MfaFactor.Totp:
                var stored = enrolling ? ticket.PendingTotpSecretProtected : user.TotpSecretProtected;
                var step = stored is null ? null : Totp.Verify(secrets.Unprotect(stored), code, time.GetUtcNow(), enrolling ? 0 : user.TotpLastStep);
                verified = step is not null;
                if (verified)
                {
                    user.TotpLastStep = step!.Value;
                    if (enrolling)
                    {
                        user.TotpSecretProtected = stored;
                        user.PendingTotpEnrollment = false;
                    }
                }
                break;
            case MfaFactor.RecoveryCode when !enrolling:
                verified = recovery.TryUse(user, code);
                break;
            case MfaFactor.Email or MfaFactor.Sms when !enrolling:
                verified = challenges.Matches(ticket, factor, code);
                break;
            default:
                verified = false;
                break;
        }
        if (!verified || !await tickets.UseAsync(ticket, ct))
        {
            return await FailAsync(ticket, factor, ct);
        }
        var codes = enrolling ? recovery.Regenerate(user) : null;
        await users.UpdateAsync(user);
        await audit.WriteAsync("user:" + user.Id, enrolling ? AuditActions.MfaEnrolled : AuditActions.MfaSucceeded, "user:" + user.Id,
            new { factor, first_factor = ticket.FirstFactor, client_id = ticket.ClientId }, ct);
        // RFC 8176: the first factor, then "sms" for a texted code or "otp" for the others, and "mfa".
        var second = factor == MfaFactor.Sms ? "sms" : "otp";
        return new MfaCompletion(user, ticket, [ticket.FirstFactor, second, "mfa"], codes, null);
    }

    private async Task<MfaCompletion> FailAsync(MfaTicket ticket, string? factor, CancellationToken ct)
    {
        await audit.WriteAsync("user:" + ticket.UserId, AuditActions.MfaFailed, "user:" + ticket.UserId,
            new { factor, first_factor = ticket.FirstFactor, client_id = ticket.ClientId, attempts = ticket.Attempts }, ct);
        return MfaCompletion.Failed(MfaErrors.InvalidCode);
    }
}
