using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Retention;

/// <summary>
/// One node at a time for a background job: a row per job names its holder until a time. A node takes
/// the lease when it holds it already or when it ran out; the conditional UPDATE is atomic in every
/// provider, so two nodes never both get it.
/// </summary>
internal sealed class JobLeases(PlatformDbContext db, TimeProvider time)
{
    public async Task<bool> TryAcquireAsync(string job, string holder, TimeSpan duration, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + duration;
        var taken = await db.JobLeases.Where(l => l.Name == job && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1)
        {
            return true;
        }
        if (await db.JobLeases.AnyAsync(l => l.Name == job, ct))
        {
            return false;
        }
        db.JobLeases.Add(new JobLease { Name = job, Holder = holder, ExpiresAt = until });
        // Another node created the lease at the same moment: it is theirs.
        return await db.SaveOrGiveWayAsync(ct);
    }
}
