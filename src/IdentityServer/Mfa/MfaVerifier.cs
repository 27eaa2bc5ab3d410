using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Mfa;

/// <summary>
/// Completes a sign-in's second step (SPEC 5) for the mfa-otp grant and the MFA pages alike:
/// one counted try of the mfa_token and of the user's lockout (SPEC 3), a factor the ticket offers
/// and that is not the first one, the code checked (TOTP without replay, or a recovery code used up),
/// the enrollment confirmed. The one place a second-factor code is checked.
/// </summary>
public sealed class MfaVerifier(MfaTicketStore tickets, TotpSecrets secrets, RecoveryCodes recovery, MfaChallenges challenges,
    MfaLockout lockout, UserManager<PlatformUser> users, PlatformDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<MfaCompletion> CompleteAsync(string? token, string clientId, string? factor, string? code, CancellationToken ct)
    {
        var ticket = await tickets.TryAsync(token, clientId, ct);
        if (ticket is null)
        {
            return MfaCompletion.Failed(MfaErrors.InvalidToken);
        }
        // SPEC 3: counted per user before the code is looked at; while locked, the right code fails like a wrong one.
        var attempt = await lockout.BeginAsync(ticket.UserId, ct);
        if (attempt == MfaAttempt.Refused)
        {
            return await FailAsync(ticket, factor, attempt, ct);
        }
        var user = await users.FindByIdAsync(ticket.UserId);
        // The second factor is never the first one, and only the ticket's methods count.
        if (factor is null || !ticket.Methods.Split(' ').Contains(factor) || factor == ticket.FirstFactor || user is null || user.Disabled)
        {
            return await FailAsync(ticket, factor, attempt, ct);
        }
        var enrolling = ticket.Enrollment;
        // Issue 12.4: in-flow enrollment never replaces an authenticator confirmed meanwhile (another ticket, the security page).
        if (enrolling && user.TotpSecretProtected is not null)
        {
            return await FailAsync(ticket, factor, attempt, ct);
        }
        if (!Verify(ticket, user, factor, code, enrolling) || !await tickets.UseAsync(ticket, ct))
        {
            return await FailAsync(ticket, factor, attempt, ct);
        }
        var codes = enrolling ? recovery.Regenerate(user) : null;
        audit.Add("user:" + user.Id, enrolling ? AuditActions.MfaEnrolled : AuditActions.MfaSucceeded, "user:" + user.Id,
            new { factor, first_factor = ticket.FirstFactor, client_id = ticket.ClientId });
        // The user row's concurrency stamp decides parallel completions that used the same recovery code or
        // TOTP step, or enrolled twice: the loser gets invalid_grant, never a 500.
        if (!(await users.UpdateAsync(user)).Succeeded)
        {
            return await FailAsync(ticket, factor, attempt, ct);
        }
        await lockout.SucceededAsync(user.Id, ct);
        // RFC 8176: the first factor, then "sms" for a texted code or "otp" for the others, and "mfa".
        var second = factor == MfaFactor.Sms ? "sms" : "otp";
        return new MfaCompletion(user, ticket, [ticket.FirstFactor, second, "mfa"], codes, null);
    }

    // Changes the tracked user in memory only; the caller saves it when the whole completion holds.
    private bool Verify(MfaTicket ticket, PlatformUser user, string factor, string? code, bool enrolling)
    {
        switch (factor)
        {
            case MfaFactor.Totp:
                var stored = enrolling ? ticket.PendingTotpSecretProtected : user.TotpSecretProtected;
                var step = stored is null ? null : Totp.Verify(secrets.Unprotect(stored), code, time.GetUtcNow(), enrolling ? 0 : user.TotpLastStep);
                if (step is null)
                {
                    return false;
                }
                user.TotpLastStep = step.Value;
                if (enrolling)
                {
                    user.TotpSecretProtected = stored;
                    user.PendingTotpEnrollment = false;
                }
                return true;
            case MfaFactor.RecoveryCode when !enrolling:
                return recovery.TryUse(user, code);
            case MfaFactor.Email or MfaFactor.Sms when !enrolling:
                return challenges.Matches(ticket, factor, code);
            default:
                return false;
        }
    }

    private async Task<MfaCompletion> FailAsync(MfaTicket ticket, string? factor, MfaAttempt attempt, CancellationToken ct)
    {
        // Nothing of a failed completion is saved: the user changed in memory (a recovery code crossed off) and a
        // success event queued before a lost race are dropped.
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is PlatformUser || e is { Entity: AuditEvent, State: EntityState.Added }).ToList())
        {
            entry.State = EntityState.Detached;
        }
        audit.Add("user:" + ticket.UserId, AuditActions.MfaFailed, "user:" + ticket.UserId,
            new { factor, first_factor = ticket.FirstFactor, client_id = ticket.ClientId, attempts = ticket.Attempts, locked = attempt == MfaAttempt.Refused });
        if (attempt == MfaAttempt.Locking)
        {
            audit.Add("user:" + ticket.UserId, AuditActions.MfaLocked, "user:" + ticket.UserId,
                new { failures = MfaLockout.MaxFailures, client_id = ticket.ClientId });
        }
        await db.SaveChangesAsync(ct);
        return MfaCompletion.Failed(MfaErrors.InvalidCode);
    }
}
