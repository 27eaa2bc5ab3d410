using IdentityServer.Data;
using IdentityServer.HotPath;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.CodeDelivery;

/// <summary>
/// The resend cooldown and the hourly limits of every code send (SPEC 4.1, issue 12 point 5), kept in
/// the database so that every node sees the same counts. Per phone: the phone's codes of the last
/// hour (a few rows, of every purpose). Everything else (tenant, client IP, user, email address): one-
/// minute send counters, summed over the buckets that began within the last hour, so a check costs
/// the same at 10 or 10 million sends an hour. Checked and counted inside <see cref="CodeSender"/>'s
/// serialized transaction, which is what makes them exact.
/// </summary>
internal sealed class SendLimits(PlatformDbContext db, HotQueries queries, ISharedSendLimits shared, TimeProvider time)
{
    public const string TenantKey = "tenant";
    public const int BucketSeconds = 60;
    private const int CounterWaitSeconds = 600;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>
    /// The shared store's early answer (Redis with many nodes), before the serialized transaction: a refusal
    /// there is final; an allowance is checked again by <see cref="CheckAsync"/>, the record of every node.
    /// </summary>
    public Task<(int Wait, string Reason)?> CheckSharedAsync(CodeSend send, CancellationToken ct) => shared.CheckAndCountAsync(send, ct);

    /// <summary>The wait in seconds and the reason, or null when the send may go.</summary>
    public async Task<(int Wait, string Reason)?> CheckAsync(CodeSend send, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now - Hour;
        if (send.Channel == CodeChannel.Sms)
        {
            var phoneSends = await queries.PhoneSendsSince(db, send.Recipient, since).ToListAsync(ct);
            if (phoneSends.Count > 0)
            {
                var cooldownEnds = phoneSends.Max() + TimeSpan.FromSeconds(send.Limits.CooldownSeconds);
                if (cooldownEnds > now)
                {
                    return (Seconds(cooldownEnds - now), "cooldown");
                }
                if (phoneSends.Count >= send.Limits.PerRecipientPerHour)
                {
                    return (Seconds(phoneSends.Min() + Hour - now), "phone_limit");
                }
            }
        }
        var counters = send.Counters;
        if (counters.Count == 0)
        {
            return null;
        }
        // The buckets that began after the start of the hour. Up to three keys, unused ones repeat the first.
        var first = since.ToUnixTimeSeconds() / BucketSeconds + 1;
        var (k1, k2, k3) = (counters[0].Key, counters.ElementAtOrDefault(1).Key ?? counters[0].Key, counters.ElementAtOrDefault(2).Key ?? counters[0].Key);
        var sums = await db.SmsSendCounters
            .Where(c => (c.Key == k1 || c.Key == k2 || c.Key == k3) && c.Bucket >= first)
            .GroupBy(c => c.Key).Select(g => new { g.Key, Sends = g.Sum(c => c.Count) }).ToListAsync(ct);
        foreach (var counter in counters)
        {
            if ((sums.FirstOrDefault(s => s.Key == counter.Key)?.Sends ?? 0) >= counter.PerHour)
            {
                return (CounterWaitSeconds, counter.Reason);
            }
        }
        return null;
    }

    /// <summary>
    /// Counts one send on each of the send's counters, in the caller's transaction. The first send of
    /// a bucket inserts its row (and the first key's clears buckets older than two hours, of every tenant).
    /// </summary>
    public async Task CountAsync(CodeSend send, CancellationToken ct)
    {
        var bucket = time.GetUtcNow().ToUnixTimeSeconds() / BucketSeconds;
        foreach (var key in send.Counters.Select(c => c.Key))
        {
            var counted = await db.SmsSendCounters.Where(c => c.Key == key && c.Bucket == bucket)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1), ct);
            if (counted > 0)
            {
                continue;
            }
            db.SmsSendCounters.Add(new SmsSendCounter { Key = key, Bucket = bucket, Count = 1 });
            if (key == send.Counters[0].Key)
            {
                // Bucket 0 is each tenant's lock row (CodeSender), never expired.
                var expired = bucket - 2 * 3600 / BucketSeconds;
                await db.SmsSendCounters.IgnoreQueryFilters().Where(c => c.Bucket < expired && c.Bucket > 0).ExecuteDeleteAsync(ct);
            }
        }
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
