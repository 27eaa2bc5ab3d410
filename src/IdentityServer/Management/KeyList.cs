using IdentityServer.Keys;

namespace IdentityServer.Management;

/// <summary>SPEC 7: GET keys answers <c>{"items": [{kid, alg, use, status, created_at, activates_at, retires_at}]}</c>.</summary>
internal sealed record KeyList(IReadOnlyList<KeyModel> Items)
{
    public static KeyList Of(IReadOnlyList<RingKey> keys, DateTimeOffset now)
    {
        var items = new List<KeyModel>();
        foreach (var chain in keys.Where(k => k.Use == KeyUses.Signing).GroupBy(k => k.Algorithm))
        {
            var active = KeyTimeline.Active(chain, now);
            foreach (var key in chain)
            {
                var status = KeyTimeline.StatusOf(key, active, now);
                if (status != KeyStatus.Retired)
                {
                    items.Add(new KeyModel(key.Kid, key.Algorithm, key.Use, status.ToString().ToLowerInvariant(),
                        key.CreatedAt, key.ActivatesAt, key.RetiresAt, key.RevokedAt));
                }
            }
        }
        return new KeyList(items.OrderByDescending(k => k.ActivatesAt).ThenBy(k => k.Alg).ToList());
    }
}

/// <summary>One signing key as the API shows it (never its private part).</summary>
internal sealed record KeyModel(string Kid, string Alg, string Use, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, DateTimeOffset? RetiresAt, DateTimeOffset? RevokedAt);
