using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// U2: a phone is verified by a code texted to it (the same code machinery as SMS sign-in, with its
/// own purpose so a verification code never signs anyone in), or set as verified by an admin.
/// </summary>
public sealed class PhoneVerification(
    TenantContext tenant, UserManager<PlatformUser> users, OneTimeCodeStore store, SmsLimits limits, ISmsSender sender,
    Account.SmsSignInPhone rules, AuditLog audit, TimeProvider time)
{
    public const string Client = "management";

    /// <summary>Texts a code to the phone for this user; returns the otp_id, or the wait in seconds when limited, or null when delivery failed.</summary>
    public async Task<(string? OtpId, int? RetryAfter)> SendAsync(PlatformUser user, string e164, string actor, string host, CancellationToken ct)
    {
        var sms = TenantSettingsStore.Read(tenant.Current!).SignIn.Sms;
        if (await limits.RetryAfterAsync(e164, null, sms, ct) is { } wait)
        {
            return (null, wait);
        }
        var now = time.GetUtcNow();
        var code = OneTimeCodes.NewCode(sms.CodeLength);
        var row = new OneTimeCode
        {
            Id = OneTimeCodes.NewId(), ClientId = Client, Purpose = OneTimeCodePurpose.VerifyPhone, PhoneNumber = e164, UserId = user.Id,
            CreatedAt = now, ExpiresAt = now.AddSeconds(sms.CodeLifetimeSeconds), MaxAttempts = sms.MaxAttempts, Usable = true,
        };
        // As at sign-in: the code, its audit event and the counters in one write, then the SMS.
        audit.Add(actor, AuditActions.SmsCodeSent, PhoneMask.Mask(e164), new { otp_id = row.Id, purpose = row.Purpose, user_id = user.Id });
        await store.CreateAsync(row, code, counted: true, ct);
        var text = SmsText.Compose(null, tenant.Current!.DisplayName, code, sms.CodeLifetimeSeconds, host);
        var delivery = await sender.SendAsync(new SmsMessage(e164, text, tenant.RequiredTenantId, row.Id), ct);
        if (!delivery.Accepted)
        {
            await store.VoidAsync(row.Id, ct);
            await audit.WriteAsync(actor, AuditActions.SmsDeliveryFailed, PhoneMask.Mask(e164), new { otp_id = row.Id, transient = delivery.Transient }, ct);
            return (null, null);
        }
        return (row.Id, null);
    }

    /// <summary>Confirms the code and makes its phone the user's verified phone; false for any wrong, used or foreign code.</summary>
    public async Task<bool> VerifyAsync(PlatformUser user, string? otpId, string? code, string actor, CancellationToken ct)
    {
        var redeemed = (await store.RedeemAsync(otpId, Client, code, OneTimeCodePurpose.VerifyPhone, ct)).Redeemed;
        if (redeemed is null || redeemed.UserId != user.Id
            || await users.Users.AnyAsync(u => u.PhoneNumber == redeemed.PhoneNumber && u.Id != user.Id, ct))
        {
            return false;
        }
        user.PhoneNumber = redeemed.PhoneNumber;
        user.PhoneNumberConfirmed = true;
        await users.UpdateAsync(user);
        await audit.WriteAsync(actor, AuditActions.PhoneVerified, "user:" + user.Id, new { phone = PhoneMask.Mask(redeemed.PhoneNumber) }, ct);
        // U2, from its one home.
        await rules.NotifyAsync(user, ct);
        return true;
    }
}
