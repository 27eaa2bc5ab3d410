using IdentityServer.Data;

namespace IdentityServer.Keys;

/// <summary>
/// The rows of one key chain (a tenant's RS256 keys, the server's HMAC keys...) and the rules that
/// move it along the timeline: the first key, the next key published ahead, the retirement of a
/// superseded key, rotate-now and revoke. Changes the tracked rows; new rows are added by <see cref="AddTo"/>.
/// </summary>
internal sealed class KeyChain(List<StoredKey> rows, DateTimeOffset now)
{
    private readonly List<StoredKey> _added = [];

    private IEnumerable<StoredKey> All => rows.Concat(_added);

    private int NextGeneration => All.Select(r => r.Generation).DefaultIfEmpty(0).Max() + 1;

    private static RingKey View(StoredKey row) => RingKey.From(row, null);

    private StoredKey? Active => KeyTimeline.Active(All.Select(View), now) is { } key ? All.First(r => r.Id == key.Kid) : null;

    private StoredKey? Next => KeyTimeline.Next(All.Select(View), now) is { } key ? All.First(r => r.Id == key.Kid) : null;

    public void Maintain(bool enabled, TimeSpan period, TimeSpan publishAhead, TimeSpan? lifetime, Func<int, DateTimeOffset, StoredKey> create)
    {
        var active = Active;
        if (enabled && active is null)
        {
            // A chain's first key signs at once: nobody can hold a token of it yet.
            active = Add(create, now);
        }
        RetireSuperseded(active, lifetime);
        if (!enabled)
        {
            // A chain turned off (ES256 no longer asked for) signs nothing more; its keys retire after their tokens.
            foreach (var row in All.Where(r => r.RevokedAt is null && r.RetiresAt is null))
            {
                row.RetiresAt = now + (lifetime ?? TimeSpan.Zero);
            }
            return;
        }
        // The next key is published ahead, so every node and every client cache has it before it signs.
        if (Next is null && active!.ActivatesAt + period - publishAhead <= now)
        {
            var due = active.ActivatesAt + period;
            Add(create, due > now + publishAhead ? due : now + publishAhead);
        }
    }

    public void RotateNow(TimeSpan period, Func<int, DateTimeOffset, StoredKey> create)
    {
        Promote(create);
        // SPEC 7: a new next key is made at once, published a whole period before it signs.
        Add(create, now + period);
    }

    public void Revoke(StoredKey row, Func<int, DateTimeOffset, StoredKey> create)
    {
        var wasActive = Active?.Id == row.Id;
        row.RevokedAt = now;
        if (wasActive)
        {
            // An older key never signs again: the next key (published already, when there is one) takes over now.
            Promote(create);
        }
    }

    public void AddTo(PlatformDbContext db) => db.StoredKeys.AddRange(_added);

    private void Promote(Func<int, DateTimeOffset, StoredKey> create)
    {
        if (Next is { } next)
        {
            next.ActivatesAt = now;
        }
        else
        {
            Add(create, now);
        }
    }

    // A key stops signing when a later key activates; it stays published for the lifetime of its last tokens.
    private void RetireSuperseded(StoredKey? active, TimeSpan? lifetime)
    {
        if (lifetime is null)
        {
            return;
        }
        var started = All.Where(r => r.ActivatesAt <= now).OrderBy(r => r.ActivatesAt).ThenBy(r => r.Generation).ToList();
        for (var i = 0; i < started.Count; i++)
        {
            var row = started[i];
            if (row == active || row.RevokedAt is not null || row.RetiresAt is not null)
            {
                continue;
            }
            var stoppedAt = i + 1 < started.Count ? started[i + 1].ActivatesAt : now;
            row.RetiresAt = stoppedAt + lifetime.Value;
        }
    }

    private StoredKey Add(Func<int, DateTimeOffset, StoredKey> create, DateTimeOffset activatesAt)
    {
        var row = create(NextGeneration, activatesAt);
        _added.Add(row);
        return row;
    }
}
