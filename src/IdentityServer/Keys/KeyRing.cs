using System.Collections.Concurrent;
using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.Keys;

/// <summary>
/// Every node's in-memory copy of the stored keys: each tenant's signing keys and the server-wide
/// symmetric keys, with the dates that say which one signs now. Reloaded from the database by
/// <see cref="KeyRingRefresher"/> (so a rotation or revocation made at one node reaches every node
/// within the reload interval) and at once by the node that made a change.
/// </summary>
internal sealed class KeyRing(KeyMaterial material, IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SecurityKey> _read = new();
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private volatile Snapshot _snapshot = new([]);

    public bool IsLoaded { get; private set; }

    public async Task LoadAsync(PlatformDbContext db, CancellationToken ct)
    {
        var rows = await db.StoredKeys.AsNoTracking().ToListAsync(ct);
        var now = time.GetUtcNow();
        // The first release's server-wide signing key ("sig-1") signs nothing since keys are per tenant.
        var keys = rows.Where(r => !(r.Use == KeyUses.Signing && r.TenantId.Length == 0))
            // Only keys still in use are decrypted; revoked and retired ones are listed, never used.
            .Select(r => RingKey.From(r, r.RevokedAt is null && (r.RetiresAt is null || r.RetiresAt > now)
                ? _read.GetOrAdd(r.Id, _ => material.Read(r)) : null))
            .ToList();
        _snapshot = new Snapshot(keys);
        IsLoaded = true;
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await LoadAsync(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), ct);
    }

    private long _lastMissReload;

    /// <summary>
    /// A token whose key id this node has not loaded (another node just made a tenant's first key, or
    /// promoted a new one) reloads the ring at once, at most once a second, instead of failing until
    /// the next reload round.
    /// </summary>
    public async Task ReloadIfUnknownAsync(string? kid, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(kid) || _read.ContainsKey(kid))
        {
            return;
        }
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastMissReload);
        if (last != 0 && time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1)
            || Interlocked.CompareExchange(ref _lastMissReload, now, last) != last)
        {
            return;
        }
        await ReloadAsync(ct);
    }

    /// <summary>Every key of the tenant, as last loaded (for listing).</summary>
    public IReadOnlyList<RingKey> KeysOf(string tenantId) => _snapshot.OfTenant(tenantId);

    /// <summary>The tenant's key that signs <paramref name="algorithm"/> tokens now, if it has one.</summary>
    public RingKey? SigningKey(string tenantId, string algorithm) =>
        KeyTimeline.Active(_snapshot.OfTenant(tenantId).Where(k => k.Algorithm == algorithm), time.GetUtcNow());

    /// <summary>The tenant's published keys (its JWKS, and the keys its tokens are checked with): next, active and previous.</summary>
    public IEnumerable<RingKey> Published(string tenantId)
    {
        var now = time.GetUtcNow();
        return _snapshot.OfTenant(tenantId).Where(k => k.IsPublishedAt(now) && k.Key is not null);
    }

    /// <summary>The server-wide symmetric key of <paramref name="use"/> in use now.</summary>
    public SymmetricSecurityKey Current(string use) =>
        (SymmetricSecurityKey)(KeyTimeline.Active(_snapshot.OfTenant(""), time.GetUtcNow(), use)?.Key
            ?? throw new InvalidOperationException($"The key ring has no '{use}' key: it must be loaded at start."));

    /// <summary>Every symmetric key of <paramref name="use"/> still accepted, the current one first.</summary>
    public IEnumerable<SymmetricSecurityKey> Accepted(string use)
    {
        var now = time.GetUtcNow();
        return _snapshot.OfTenant("").Where(k => k.Use == use && k.IsPublishedAt(now) && k.Key is not null)
            .OrderByDescending(k => k.ActivatesAt <= now).ThenByDescending(k => k.ActivatesAt)
            .Select(k => (SymmetricSecurityKey)k.Key!);
    }

    /// <summary>The key of the keyed hash of one-time codes (SPEC 4.2), shared by every node.</summary>
    public byte[] CodeHashKey => Current(KeyUses.CodeHash).Key;

    /// <summary>Every code-hash key still accepted, the current one first (a code hashed before a rotation still matches).</summary>
    public IEnumerable<byte[]> CodeHashKeys => Accepted(KeyUses.CodeHash).Select(k => k.Key);

    /// <summary>
    /// A tenant created since the last reload has no keys yet (or no <paramref name="algorithm"/> key
    /// yet, just after it asked for ES256): make them now (once per node at a time) rather than wait
    /// for the next maintenance round.
    /// </summary>
    public async Task EnsureTenantAsync(string tenantId, CancellationToken ct, string algorithm = SigningAlgorithms.Rs256)
    {
        if (SigningKey(tenantId, algorithm) is not null)
        {
            return;
        }
        await _ensure.WaitAsync(ct);
        try
        {
            if (SigningKey(tenantId, algorithm) is not null)
            {
                return;
            }
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<KeyRotation>().MaintainTenantAsync(tenantId, ct);
        }
        finally
        {
            _ensure.Release();
        }
    }

    private sealed class Snapshot(List<RingKey> keys)
    {
        private readonly Dictionary<string, RingKey[]> _byTenant =
            keys.GroupBy(k => k.TenantId).ToDictionary(g => g.Key, g => g.ToArray());

        public IReadOnlyList<RingKey> OfTenant(string tenantId) => _byTenant.GetValueOrDefault(tenantId) ?? [];
    }
}
