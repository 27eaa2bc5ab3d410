using Microsoft.Extensions.Caching.Memory;

namespace IdentityServer.Tenancy;

/// <summary>
/// The one way a cached snapshot (a tenant, a client, a tenant's scopes) is dropped: on this node at
/// once, and on every other node through the broadcasts a deployment of many nodes adds (Redis pub/sub,
/// within a second). Without one, or while it is down, the snapshots' own short lifetimes bound how long
/// another node answers from an old copy.
/// </summary>
internal sealed class SnapshotInvalidation(IMemoryCache cache, IEnumerable<ISnapshotBroadcast> broadcasts)
{
    /// <summary>Drops the entry of <paramref name="key"/> here and everywhere.</summary>
    public void Remove(string key) => Publish(new SnapshotChange(SnapshotChangeKind.Remove, key));

    /// <summary>Moves the generation counter at <paramref name="key"/> on, here and everywhere: every entry of the old generation retires.</summary>
    public void Retire(string key) => Publish(new SnapshotChange(SnapshotChangeKind.Retire, key));

    /// <summary>The current generation at <paramref name="key"/> (0 until the first <see cref="Retire"/>).</summary>
    public long Generation(string key) => cache.TryGetValue(key, out long value) ? value : 0;

    /// <summary>A change another node published: applied here only.</summary>
    public void Apply(SnapshotChange change)
    {
        if (change.Kind == SnapshotChangeKind.Retire)
        {
            // A fresh value rather than +1: two nodes retiring at once must not land on a generation seen before.
            cache.Set(change.Key, Generation(change.Key) + 1 + Random.Shared.Next(1, 1 << 20));
        }
        else
        {
            cache.Remove(change.Key);
        }
    }

    private void Publish(SnapshotChange change)
    {
        Apply(change);
        foreach (var broadcast in broadcasts)
        {
            broadcast.Publish(change);
        }
    }
}

internal enum SnapshotChangeKind
{
    Remove,
    Retire,
}

/// <summary>One dropped snapshot: the cache key and whether it is removed or a generation retired.</summary>
internal readonly record struct SnapshotChange(SnapshotChangeKind Kind, string Key);

/// <summary>Carries snapshot changes to the other nodes; fire and forget (a lost message costs at most the snapshot's lifetime).</summary>
internal interface ISnapshotBroadcast
{
    void Publish(SnapshotChange change);
}
