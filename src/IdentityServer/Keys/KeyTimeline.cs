namespace IdentityServer.Keys;

/// <summary>
/// The status of every key of one chain at a moment: pure, so the ring, the rotation and the API
/// agree. The active key is the newest published key whose activation has come.
/// </summary>
internal static class KeyTimeline
{
    public static RingKey? Active(IEnumerable<RingKey> chain, DateTimeOffset now) =>
        chain.Where(k => k.IsPublishedAt(now) && k.ActivatesAt <= now)
            .OrderByDescending(k => k.ActivatesAt).ThenByDescending(k => k.Generation).FirstOrDefault();

    /// <summary>The active key of one use among keys of several chains (the server-wide symmetric keys).</summary>
    public static RingKey? Active(IEnumerable<RingKey> keys, DateTimeOffset now, string use) =>
        Active(keys.Where(k => k.Use == use), now);

    public static KeyStatus StatusOf(RingKey key, RingKey? active, DateTimeOffset now) =>
        key.RevokedAt is not null ? KeyStatus.Revoked
        : key.RetiresAt is { } retires && retires <= now ? KeyStatus.Retired
        : key.ActivatesAt > now ? KeyStatus.Next
        : key.Kid == active?.Kid ? KeyStatus.Active
        : KeyStatus.Previous;

    /// <summary>The earliest published key still waiting for its activation.</summary>
    public static RingKey? Next(IEnumerable<RingKey> chain, DateTimeOffset now) =>
        chain.Where(k => k.IsPublishedAt(now) && k.ActivatesAt > now).OrderBy(k => k.ActivatesAt).FirstOrDefault();
}
