using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// The resend cooldown and the per-phone, per-IP and per-tenant limits, counted from the codes
/// table so that every node sees the same counts. Returns the wait in seconds, or null.
/// </summary>
public sealed class SmsLimits(PlatformDbContext db, IOptions<SmsLimitsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public async Task<int?> RetryAfterAsync(string phone, string? ipHash, SmsSignInSettings settings, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now - Hour;
        var phoneSends = await db.OneTimeCodes.Where(c => c.PhoneNumber == phone && c.CreatedAt > since)
            .Select(c => c.CreatedAt).ToListAsync(ct);
        if (phoneSends.Count > 0)
        {
            var cooldownEnds = phoneSends.Max() + TimeSpan.FromSeconds(settings.ResendCooldownSeconds);
            if (cooldownEnds > now)
            {
                return Seconds(cooldownEnds - now);
            }
            if (phoneSends.Count >= settings.MaxSendsPerPhonePerHour)
            {
                return Seconds(phoneSends.Min() + Hour - now);
            }
        }
        if (ipHash is not null)
        {
            var ipSends = await db.OneTimeCodes.Where(c => c.ClientIpHash == ipHash && c.CreatedAt > since).CountAsync(ct);
            if (ipSends >= options.Value.PerIpPerHour)
            {
                return 600;
            }
        }
        var tenantSends = await db.OneTimeCodes.Where(c => c.CreatedAt > since).CountAsync(ct);
        return tenantSends >= options.Value.PerTenantPerHour ? 600 : null;
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
