using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// The resend cooldown and the per-phone, per-IP and per-tenant limits, kept in the database so that
/// every node sees the same counts. Per phone: the phone's codes of the last hour (a few rows). Per IP
/// and per tenant: one-minute send counters, summed over the buckets that began within the last hour
/// (the sends of the last 59 to 60 minutes), so a check costs the same at 10 or 10 million sends an hour.
/// </summary>
public sealed class SmsLimits(PlatformDbContext db, IOptions<SmsLimitsOptions> options, TimeProvider time)
{
    internal const string TenantKey = "tenant";
    internal const int BucketSeconds = 60;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>The wait in seconds before this phone (and IP) may be sent another code, or null.</summary>
    public async Task<int?> RetryAfterAsync(string phone, string? ipHash, SmsSignInSettings settings, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now - Hour;
        var phoneSends = await SmsQueries.PhoneSendsSince(db, phone, since).ToListAsync(ct);
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
        // The buckets that began after the start of the hour.
        var first = since.ToUnixTimeSeconds() / BucketSeconds + 1;
        var ipKey = IpKey(ipHash);
        var counts = await db.SmsSendCounters
            .Where(c => (c.Key == TenantKey || c.Key == ipKey) && c.Bucket >= first)
            .GroupBy(c => c.Key).Select(g => new { g.Key, Sends = g.Sum(c => c.Count) }).ToListAsync(ct);
        int Sends(string key) => counts.FirstOrDefault(c => c.Key == key)?.Sends ?? 0;
        if (ipKey is not null && Sends(ipKey) >= options.Value.PerIpPerHour)
        {
            return 600;
        }
        return Sends(TenantKey) >= options.Value.PerTenantPerHour ? 600 : null;
    }

    /// <summary>
    /// Counts one send for the tenant and the client IP, in the caller's transaction. The first send
    /// of a bucket inserts its row (and clears buckets older than two hours, of every tenant).
    /// </summary>
    internal async Task CountSendAsync(string? ipHash, CancellationToken ct)
    {
        var bucket = time.GetUtcNow().ToUnixTimeSeconds() / BucketSeconds;
        foreach (var key in IpKey(ipHash) is { } ipKey ? new[] { TenantKey, ipKey } : [TenantKey])
        {
            var counted = await db.SmsSendCounters.Where(c => c.Key == key && c.Bucket == bucket)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1), ct);
            if (counted > 0)
            {
                continue;
            }
            db.SmsSendCounters.Add(new SmsSendCounter { Key = key, Bucket = bucket, Count = 1 });
            if (key == TenantKey)
            {
                var expired = bucket - 2 * 3600 / BucketSeconds;
                await db.SmsSendCounters.IgnoreQueryFilters().Where(c => c.Bucket < expired).ExecuteDeleteAsync(ct);
            }
        }
    }

    private static string? IpKey(string? ipHash) => ipHash is null ? null : "ip:" + ipHash;

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
