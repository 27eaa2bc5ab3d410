using IdentityPlatform.Shared.Phones;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// What the code page shows of a started sign-in (issue 15 point 5): the masked number the code went to,
/// and how long "Resend" waits, from the stored send and the tenant's cooldown (the wait of SendLimits),
/// so the page knows it after a wrong code or a reload as well as right after the start.
/// </summary>
internal sealed class SmsCodePageState(PlatformDbContext db, TenantContext tenant, TimeProvider time)
{
    public async Task<(string? MaskedPhone, int ResendAfter)> ForAsync(string? otpId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(otpId) || otpId.Length > 64)
        {
            return (null, 0);
        }
        var code = await db.OneTimeCodes.AsNoTracking().Where(c => c.Id == otpId && c.Purpose == OneTimeCodePurpose.SignIn)
            .Select(c => new { c.PhoneNumber }).FirstOrDefaultAsync(ct);
        if (code is null)
        {
            return (null, 0);
        }
        // The cooldown counts from the phone's newest send of any purpose, as SendLimits does.
        var now = time.GetUtcNow();
        var cooldown = TimeSpan.FromSeconds(tenant.Settings.SignIn.Sms.ResendCooldownSeconds);
        var sends = await db.OneTimeCodes.Where(c => c.PhoneNumber == code.PhoneNumber && c.CreatedAt > now - cooldown)
            .Select(c => c.CreatedAt).ToListAsync(ct);
        var wait = sends.Count > 0 ? sends.Max() + cooldown - now : TimeSpan.Zero;
        return (PhoneMask.Mask(code.PhoneNumber), wait > TimeSpan.Zero ? (int)Math.Ceiling(wait.TotalSeconds) : 0);
    }
}
