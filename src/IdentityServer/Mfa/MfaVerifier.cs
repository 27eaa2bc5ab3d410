using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Operations;
using IdentityServer.Passkeys;
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
internal sealed class MfaVerifier(MfaTicketStore tickets, TotpSecrets secrets, RecoveryCodes recovery, MfaChallenges challenges,
    MfaLockout lockout, UserManager<PlatformUser> users, PlatformDbContext db, UnitOfWork unit, AuditLog audit, TimeProvider time,
    PasskeyAssertion passkeys, PasskeyRegistration passkeyEnrollment)
{
    public async Task<MfaCompletion> CompleteAsync(string? token, string clientId, string? factor, string? code, CancellationToken ct)
    {
        var ticket = await tickets.TryAsync(token, clientId, ct);
        if (ticket is null)
        {
            return MfaCompletion.Failed(OAuthErrors.InvalidMfaToken.Description);
        }
        // SPEC 3: counted per user before the code is looked at; while locked, the right code fails like a wrong one.
        var attempt = await lockout.BeginAsync(ticket.UserId, ct);
        var user = await users.FindByIdAsync(ticket.UserId);
        if (attempt == MfaAttempt.Refused)
        {
            return await FailAsync(ticket, user, factor, attempt, ct);
        }
        // The second factor is never the first one, and only the ticket's methods count.
        if (factor is null || !ticket.Methods.Split(' ').Contains(factor) || factor == ticket.FirstFactor || user is null || user.Disabled)
        {
            return await FailAsync(ticket, user, factor, attempt, ct);
        }
        var enrolling = ticket.Enrollment;
        // Issue 12.4: in-flow enrollment never replaces an authenticator confirmed meanwhile (another ticket, the security page).
        if (enrolling && factor == MfaFactor.Totp && user.TotpSecretProtected is not null)
        {
            return await FailAsync(ticket, user, factor, attempt, ct);
        }
        var second = await VerifyAsync(ticket, user, factor, code, enrolling, ct);
        if (second is null || !await tickets.UseAsync(ticket, ct))
        {
            return await FailAsync(ticket, user, factor, attempt, ct);
        }
        var codes = enrolling ? recovery.Regenerate(user) : null;
        audit.Add(AuditActor.Of(user), enrolling ? AuditActions.MfaEnrolled : AuditActions.MfaSucceeded, "user:" + user.Id,
            new { factor, first_factor = ticket.FirstFactor, client_id = ticket.ClientId });
        // The user row's concurrency stamp decides parallel completions that used the same recovery code or
        // TOTP step, or enrolled twice: the loser gets invalid_grant, never a 500. Inside the grant's unit of
        // work the update is queued and the stamp is checked by its commit, with the tokens.
        if (!(await users.UpdateAsync(user)).Succeeded)
        {
            return await FailAsync(ticket, user, factor, attempt, ct);
        }
        await lockout.SucceededAsync(user.Id, ct);
        // RFC 8176: the first factor, then the second's methods, and "mfa".
        return new MfaCompletion(user, ticket, [ticket.FirstFactor, .. second, "mfa"], codes, null);
    }

    // The amr of the second factor when it holds, else null. Changes the tracked user in memory only; the caller saves it
    // when the whole completion holds (a passkey's single-use challenge and counter are spent at once, by design).
    private async Task<IReadOnlyList<string>?> VerifyAsync(MfaTicket ticket, PlatformUser user, string factor, string? code, bool enrolling,
        CancellationToken ct)
    {
        switch (factor)
        {
            case MfaFactor.WebAuthn when enrolling:
                if (await passkeyEnrollment.CompleteAsync(user, ticket.Id, code, null, ct) is not PasskeyOutcome.Registered registered)
                {
                    return null;
                }
                user.PendingTotpEnrollment = false;
                return PasskeyAmr.SecondFactor(registered.UserVerified);
            case MfaFactor.WebAuthn:
                return await passkeys.VerifyAsync(code, PasskeyPurpose.SecondFactor, user.Id, ticket.Id, ct) is PasskeyOutcome.Verified verified
                    ? PasskeyAmr.SecondFactor(verified.UserVerified) : null;
            default:
                return Verify(ticket, user, factor, code, enrolling) ? [factor == MfaFactor.Sms ? "sms" : "otp"] : null;
        }
    }

    private bool Verify(MfaTicket ticket, PlatformUser user, string factor, string? code, bool enrolling)
    {
        switch (factor)
        {
            case MfaFactor.Totp when enrolling:
                return ticket.PendingTotpSecretProtected is { } pending
                    && TotpOffer.TryConfirm(user, secrets.Unprotect(pending), pending, code, time.GetUtcNow());
            case MfaFactor.Totp:
                var step = user.TotpSecretProtected is { } stored ? Totp.Verify(secrets.Unprotect(stored), code, time.GetUtcNow(), user.TotpLastStep) : null;
                if (step is null)
                {
                    return false;
                }
                user.TotpLastStep = step.Value;
                return true;
            case MfaFactor.RecoveryCode when !enrolling:
                return recovery.TryUse(user, code);
            case MfaFactor.Email or MfaFactor.Sms when !enrolling:
                return challenges.Matches(ticket, factor, code);
            default:
                return false;
        }
    }

    private static readonly HashSet<string> SuccessEvents =
        [AuditActions.MfaSucceeded, AuditActions.MfaEnrolled, AuditActions.PasskeyUsed, AuditActions.PasskeyEnrolled];

    private async Task<MfaCompletion> FailAsync(MfaTicket ticket, PlatformUser? user, string? factor, MfaAttempt attempt, CancellationToken ct)
    {
        var actor = user is null ? "user:" + ticket.UserId : AuditActor.Of(user);
        // Nothing of a failed completion's success is saved: the user changed in memory (a recovery code crossed off),
        // a passkey added and a success event queued before a lost race are dropped. Warnings stay (a cloned passkey).
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is PlatformUser || e is { Entity: Passkey, State: EntityState.Added }
            || e is { Entity: AuditEvent audited, State: EntityState.Added } && SuccessEvents.Contains(audited.Action)).ToList())
        {
            entry.State = EntityState.Detached;
        }
        audit.Add(actor, AuditActions.MfaFailed, "user:" + ticket.UserId,
            new { factor, first_factor = ticket.FirstFactor, client_id = ticket.ClientId, attempts = ticket.Attempts, locked = attempt == MfaAttempt.Refused });
        if (attempt == MfaAttempt.Locking)
        {
            audit.Add(actor, AuditActions.MfaLocked, "user:" + ticket.UserId,
                new { failures = MfaLockout.MaxFailures, client_id = ticket.ClientId });
        }
        // Inside the grant's unit of work the failure's events wait for its commit (the refusal's).
        await unit.SaveAsync(ct);
        return MfaCompletion.Failed(OAuthErrors.InvalidMfaCode.Description);
    }
}
