using IdentityServer.Audit;
using IdentityServer.CodeDelivery;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Operations;
using IdentityServer.SmsSignIn;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Mfa;

/// <summary>
/// Second-factor codes sent by email or SMS for an mfa ticket (SPEC 5): one outstanding code per
/// ticket, kept as a keyed hash on it, checked by the mfa-otp grant and the MFA page within the
/// ticket's five tries. Never SMS when SMS was the first factor.
/// </summary>
internal sealed class MfaChallenges(PlatformDbContext db, OneTimeCodes codes, CodeSender sender, MfaLockout lockout,
    TenantContext tenant, TimeProvider time)
{
    public const int MaxChallenges = 3;

    /// <summary>
    /// Sends a code; returns null when sent, or why it was not. Through the one code sender: an SMS
    /// counts toward the cooldown and the per-phone, per-IP and per-tenant limits of SPEC 4.1, an email
    /// toward the per-address and per-IP limits, and the ticket's cap of three is claimed atomically
    /// with them (issue 12 point 5).
    /// </summary>
    public async Task<MfaSendRefusal?> SendAsync(MfaTicket ticket, PlatformUser user, string factor, string host, string? clientIp, CancellationToken ct)
    {
        if (factor == ticket.FirstFactor)
        {
            return MfaSendRefusal.Of(OAuthErrors.SameFactorTwice);
        }
        if (factor is not (MfaFactor.Email or MfaFactor.Sms) || !ticket.Methods.Split(' ').Contains(factor))
        {
            return MfaSendRefusal.Of(OAuthErrors.FactorNotOffered);
        }
        if (ticket.Challenges >= MaxChallenges)
        {
            return MfaSendRefusal.Invalid(TooMany);
        }
        if (lockout.IsLocked(user))
        {
            // SPEC 3: a locked second factor takes no code, so none is sent (a text or email nobody may use).
            var wait = (int)Math.Ceiling((user.MfaLockedUntil!.Value - time.GetUtcNow()).TotalSeconds);
            return MfaSendRefusal.Of(OAuthErrors.MfaLocked, Math.Max(1, wait)) with
            {
                Description = $"Too many wrong codes were entered. Wait {Math.Max(1, wait)} seconds before trying again.",
            };
        }
        var settings = tenant.Settings;
        var code = OneTimeCodes.NewCode(settings.SignIn.Sms.CodeLength);
        var name = settings.DisplayName!; // Read falls back to the tenant's name
        var now = time.GetUtcNow();
        var hash = codes.Hash(ticket.Id, code);
        var expires = now + MfaTicketStore.Lifetime;
        var ipHash = clientIp is null ? null : codes.HashIp(clientIp);
        var id = ticket.Id;
        // The ticket's cap, claimed with one conditional statement inside the sender's transaction.
        Func<CancellationToken, Task<bool>> reserve = async token => await db.MfaTickets
            .Where(t => t.Id == id && t.Challenges < MaxChallenges)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Challenges, t => t.Challenges + 1).SetProperty(t => t.ChallengeFactor, factor)
                .SetProperty(t => t.ChallengeCodeHash, hash).SetProperty(t => t.ChallengeExpiresAt, expires), token) == 1;
        // A refused message gives the try back and voids its code.
        Func<CancellationToken, Task> release = token => db.MfaTickets.Where(t => t.Id == id && t.ChallengeCodeHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Challenges, t => t.Challenges - 1).SetProperty(t => t.ChallengeCodeHash, (string?)null), token);
        CodeSend send;
        if (factor == MfaFactor.Email)
        {
            send = new CodeSend
            {
                Channel = CodeChannel.Email,
                Recipient = user.Email!,
                Limits = CodeSender.EmailLimits,
                Counters = sender.EmailCounters(user.Email!, ipHash),
                Actor = AuditActor.Of(user),
                RefusedAction = AuditActions.CodeSendRefused,
                Code = code,
                Reserve = reserve,
                Release = release,
                Message = new EmailMessage(user.Email!, $"Your {name} verification code",
                    $"{code} is your {name} verification code. It expires in 5 minutes. Do not share it.", null, tenant.RequiredTenantId),
            };
        }
        else
        {
            // The stored row is the phone's send log (cooldown, per-phone limit); the code is checked on the ticket.
            var row = new OneTimeCode
            {
                Id = OneTimeCodes.NewId(),
                ClientId = ticket.ClientId,
                Purpose = OneTimeCodePurpose.MfaChallenge,
                PhoneNumber = user.PhoneNumber!,
                UserId = user.Id,
                CreatedAt = now,
                ExpiresAt = expires,
                Usable = false,
                ClientIpHash = ipHash,
            };
            send = new CodeSend
            {
                Channel = CodeChannel.Sms,
                Recipient = user.PhoneNumber!,
                Limits = CodeSender.SmsLimits(settings.SignIn.Sms),
                Counters = sender.SmsCounters(ipHash, null),
                Actor = AuditActor.Of(user),
                RefusedAction = AuditActions.CodeSendRefused,
                Row = row,
                Code = code,
                Reserve = reserve,
                Release = release,
                Message = new SmsMessage(user.PhoneNumber!, SmsText.Compose(null, name, code, 300, host), tenant.RequiredTenantId, row.Id),
            };
        }
        return await sender.SendAsync(send, ct) switch
        {
            CodeSendResult.Sent => null,
            CodeSendResult.Limited limited => MfaSendRefusal.Of(OAuthErrors.TooManyCodesFor(limited.RetryAfter, limited.IsCooldown), limited.RetryAfter),
            CodeSendResult.Refused => MfaSendRefusal.Invalid(TooMany),
            _ => MfaSendRefusal.Of(OAuthErrors.CodeNotSent, 30),
        };
    }

    private const string TooMany = "Too many codes were sent for this sign-in; start again.";

    /// <summary>Whether <paramref name="code"/> is the ticket's outstanding code for <paramref name="factor"/>.</summary>
    public bool Matches(MfaTicket ticket, string factor, string? code) =>
        ticket.ChallengeFactor == factor && ticket.ChallengeCodeHash is { } hash && code is { Length: > 0 and <= 16 }
        && ticket.ChallengeExpiresAt > time.GetUtcNow() && codes.Matches(ticket.Id, code.Trim(), hash);
}

/// <summary>Why a second-factor code was not sent: the OAuth error to answer (a page shows the description).</summary>
internal sealed record MfaSendRefusal(int Status, string Error, string Description, int? RetryAfter = null)
{
    public static MfaSendRefusal Invalid(string description) => new(400, Errors.InvalidRequest, description);

    public static MfaSendRefusal Of(OAuthError error, int? retryAfter = null) => new(error.Status, error.Error, error.Description, retryAfter);
}
