using IdentityPlatform.Shared.Phones;
using IdentityServer.Audit;
using IdentityServer.CodeDelivery;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Account;

/// <summary>
/// U2: a phone is verified by a code texted to it (the same code machinery as SMS sign-in, with its
/// own purpose so a verification code never signs anyone in), or set as verified by an admin.
/// </summary>
internal sealed class PhoneVerification(
    TenantContext tenant, UserManager<PlatformUser> users, OneTimeCodeStore store, CodeSender sender, OneTimeCodes codes,
    Account.SmsSignInPhone rules, AuditLog audit, TimeProvider time)
{
    public const string Client = "management";

    /// <summary>
    /// Texts a code to the phone for this user; returns the otp_id, or the wait in seconds when limited,
    /// or neither when delivery failed. Counts per phone, per client IP, per user and per tenant (issue 12 point 5).
    /// </summary>
    public async Task<(string? OtpId, int? RetryAfter)> SendAsync(
        PlatformUser user, string e164, string actor, string host, string? clientIp, CancellationToken ct)
    {
        var sms = tenant.Settings.SignIn.Sms;
        var now = time.GetUtcNow();
        var code = OneTimeCodes.NewCode(sms.CodeLength);
        var ipHash = clientIp is null ? null : codes.HashIp(clientIp);
        var row = new OneTimeCode
        {
            Id = OneTimeCodes.NewId(),
            ClientId = Client,
            Purpose = OneTimeCodePurpose.VerifyPhone,
            PhoneNumber = e164,
            UserId = user.Id,
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(sms.CodeLifetimeSeconds),
            MaxAttempts = sms.MaxAttempts,
            Usable = true,
            ClientIpHash = ipHash,
        };
        // As at sign-in: the code, its audit event and the counters in one write, then the SMS.
        var result = await sender.SendAsync(new CodeSend
        {
            Channel = CodeChannel.Sms,
            Recipient = e164,
            Limits = CodeSender.SmsLimits(sms),
            Counters = sender.SmsCounters(ipHash, user.Id),
            Actor = actor,
            RefusedAction = AuditActions.CodeSendRefused,
            Row = row,
            Code = code,
            Message = new SmsMessage(e164, SmsText.Compose(null, tenant.Required.DisplayName, code, sms.CodeLifetimeSeconds, host), tenant.RequiredTenantId, row.Id),
            Reserve = _ =>
            {
                audit.Add(actor, AuditActions.SmsCodeSent, PhoneMask.Mask(e164), new { otp_id = row.Id, purpose = row.Purpose, user_id = user.Id });
                return Task.FromResult(true);
            },
        }, ct);
        return result switch
        {
            CodeSendResult.Sent => (row.Id, null),
            CodeSendResult.Limited limited => (null, limited.RetryAfter),
            _ => (null, null),
        };
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
