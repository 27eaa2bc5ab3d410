using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.SmsSignIn;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Mfa;

/// <summary>
/// Second-factor codes sent by email or SMS for an mfa ticket (SPEC 5): one outstanding code per
/// ticket, kept as a keyed hash on it, checked by the mfa-otp grant and the MFA page within the
/// ticket's five tries. Never SMS when SMS was the first factor.
/// </summary>
public sealed class MfaChallenges(PlatformDbContext db, OneTimeCodes codes, IEmailSender email, ISmsSender sms,
    TenantContext tenant, TimeProvider time)
{
    public const int MaxChallenges = 3;

    /// <summary>Sends a code; returns null when sent, or the reason it was not.</summary>
    public async Task<string?> SendAsync(MfaTicket ticket, PlatformUser user, string factor, string host, CancellationToken ct)
    {
        if (factor == ticket.FirstFactor)
        {
            return "The second factor cannot be the one used first.";
        }
        if (factor is not (MfaFactor.Email or MfaFactor.Sms) || !ticket.Methods.Split(' ').Contains(factor))
        {
            return "This factor is not offered for this sign-in.";
        }
        if (ticket.Challenges >= MaxChallenges)
        {
            return "Too many codes were sent for this sign-in; start again.";
        }
        var settings = TenantSettingsStore.Read(tenant.Current!);
        var code = OneTimeCodes.NewCode(settings.SignIn.Sms.CodeLength);
        var name = settings.DisplayName!; // Read falls back to the tenant's name
        var sent = factor == MfaFactor.Email
            ? (await email.SendAsync(new EmailMessage(user.Email!, $"Your {name} verification code",
                $"{code} is your {name} verification code. It expires in 5 minutes. Do not share it.", null, tenant.RequiredTenantId), ct)).Accepted
            : (await sms.SendAsync(new SmsMessage(user.PhoneNumber!, SmsText.Compose(null, name, code, 300, host), tenant.RequiredTenantId), ct)).Accepted;
        if (!sent)
        {
            return "The code could not be sent; try again shortly.";
        }
        ticket.ChallengeFactor = factor;
        ticket.ChallengeCodeHash = codes.Hash(ticket.Id, code);
        ticket.ChallengeExpiresAt = time.GetUtcNow() + MfaTicketStore.Lifetime;
        ticket.Challenges++;
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Whether <paramref name="code"/> is the ticket's outstanding code for <paramref name="factor"/>.</summary>
    public bool Matches(MfaTicket ticket, string factor, string? code) =>
        ticket.ChallengeFactor == factor && ticket.ChallengeCodeHash is { } hash && code is { Length: > 0 and <= 16 }
        && ticket.ChallengeExpiresAt > time.GetUtcNow() && codes.Matches(ticket.Id, code.Trim(), hash);
}
