using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace IdentityServer.Keys;

/// <summary>
/// Makes the key changes of SPEC 9 in the database: due rotations (a next key published
/// <see cref="KeyRotationOptions.PublishAhead"/> before it signs, a superseded key retired once its
/// tokens expired), rotate-now and revoke. Any node may run it: a chain's generations are unique, so
/// two nodes adding the same next key collide and one of them gives way.
/// </summary>
internal sealed class KeyRotation(
    PlatformDbContext db, KeyRing ring, KeyMaterial material, TimeProvider time,
    IOptions<KeyRotationOptions> options, IOptionsMonitor<OpenIddictServerOptions> server)
{
    private KeyRotationOptions Options => options.Value;

    /// <summary>
    /// The server-wide symmetric keys and every tenant's signing keys; then this node reloads. At start
    /// (<paramref name="createFirstKeys"/> false) a tenant without keys is left to its first token or
    /// the first reload round: an RSA key costs up to a second of CPU, not worth delaying a start for.
    /// </summary>
    public Task MaintainAllAsync(CancellationToken ct) => MaintainAllAsync(createFirstKeys: true, ct);

    /// <summary>At start: as <see cref="MaintainAllAsync(CancellationToken)"/>, without making any tenant's first keys.</summary>
    public Task MaintainAtStartAsync(CancellationToken ct) => MaintainAllAsync(createFirstKeys: false, ct);

    private async Task MaintainAllAsync(bool createFirstKeys, CancellationToken ct)
    {
        await MaintainSymmetricAsync(ct);
        var tenants = await db.Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(ct);
        var withKeys = createFirstKeys ? null
            : (await db.StoredKeys.AsNoTracking().Where(k => k.Use == KeyUses.Signing).Select(k => k.TenantId).Distinct().ToListAsync(ct)).ToHashSet();
        foreach (var tenantId in tenants.Where(t => withKeys?.Contains(t) ?? true))
        {
            await MaintainTenantCoreAsync(tenantId, ct);
        }
        await ring.LoadAsync(db, ct);
    }

    public async Task MaintainTenantAsync(string tenantId, CancellationToken ct)
    {
        await MaintainTenantCoreAsync(tenantId, ct);
        await ring.LoadAsync(db, ct);
    }

    /// <summary>Start-up: the symmetric keys exist before the first request.</summary>
    public async Task MaintainSymmetricAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await db.StoredKeys.Where(k => k.TenantId == "" && k.Use != KeyUses.Signing).ToListAsync(ct);
        foreach (var use in KeyUses.Symmetric)
        {
            // Code hashes never retire: recovery codes hashed years ago must still match.
            TimeSpan? lifetime = use == KeyUses.CodeHash ? null : SymmetricTokenLifetime;
            var chain = new KeyChain(rows.Where(r => r.Use == use).ToList(), now);
            chain.Maintain(enabled: true, Options.SymmetricRotationPeriod, Options.PublishAhead, lifetime,
                (generation, at) => material.NewSecret(use, generation, now, at));
            chain.AddTo(db);
        }
        await SaveOrGiveWayAsync(ct);
    }

    /// <summary>
    /// POST keys/rotate: every chain's next key (or a new one) signs from now, and a new next key is made.
    /// False when another node changed the tenant's keys at the same moment (nothing was changed).
    /// </summary>
    public async Task<bool> RotateNowAsync(string tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (settings, rows) = await LoadTenantAsync(tenantId, ct);
        foreach (var algorithm in EnabledAlgorithms(settings))
        {
            var chain = new KeyChain(rows.Where(r => r.Algorithm == algorithm).ToList(), now);
            var period = TimeSpan.FromDays(settings.SigningKeys.RotationPeriodDays);
            chain.RotateNow(period, (generation, at) => material.NewSigningKey(tenantId, algorithm, generation, now, at));
            chain.Maintain(enabled: true, period, Options.PublishAhead, SigningTokenLifetime,
                (generation, at) => material.NewSigningKey(tenantId, algorithm, generation, now, at));
            chain.AddTo(db);
        }
        var saved = await SaveOrGiveWayAsync(ct);
        await ring.LoadAsync(db, ct);
        return saved;
    }

    /// <summary>POST keys/{kid}/revoke (revoking a revoked key again changes nothing). Revoking the active key promotes the next one (or a new one).</summary>
    public async Task<KeyChange> RevokeAsync(string tenantId, string kid, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (settings, rows) = await LoadTenantAsync(tenantId, ct);
        var row = rows.FirstOrDefault(r => r.Id == kid);
        if (row is null)
        {
            return KeyChange.NotFound;
        }
        if (row.RevokedAt is null)
        {
            var chain = new KeyChain(rows.Where(r => r.Algorithm == row.Algorithm).ToList(), now);
            var period = TimeSpan.FromDays(settings.SigningKeys.RotationPeriodDays);
            Func<int, DateTimeOffset, StoredKey> create = (generation, at) => material.NewSigningKey(tenantId, row.Algorithm, generation, now, at);
            chain.Revoke(row, create);
            chain.Maintain(EnabledAlgorithms(settings).Contains(row.Algorithm), period, Options.PublishAhead, SigningTokenLifetime, create);
            chain.AddTo(db);
            if (!await SaveOrGiveWayAsync(ct))
            {
                return KeyChange.Collided;
            }
        }
        await ring.LoadAsync(db, ct);
        return KeyChange.Done;
    }

    private async Task MaintainTenantCoreAsync(string tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (settings, rows) = await LoadTenantAsync(tenantId, ct);
        var enabled = EnabledAlgorithms(settings);
        foreach (var algorithm in SigningAlgorithms.All)
        {
            var chain = new KeyChain(rows.Where(r => r.Algorithm == algorithm).ToList(), now);
            chain.Maintain(enabled.Contains(algorithm), TimeSpan.FromDays(settings.SigningKeys.RotationPeriodDays),
                Options.PublishAhead, SigningTokenLifetime,
                (generation, at) => material.NewSigningKey(tenantId, algorithm, generation, now, at));
            chain.AddTo(db);
        }
        await SaveOrGiveWayAsync(ct);
    }

    private async Task<(TenantSettings Settings, List<StoredKey> Rows)> LoadTenantAsync(string tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, ct);
        var settings = tenant is null ? new TenantSettings() : TenantSettingsStore.Read(tenant);
        var rows = await db.StoredKeys.Where(k => k.TenantId == tenantId && k.Use == KeyUses.Signing).ToListAsync(ct);
        return (settings, rows);
    }

    // RS256 always (id tokens default to it, OIDC Core 3.1.3.7); ES256 as well when the tenant signs access tokens with it.
    private static List<string> EnabledAlgorithms(TenantSettings settings) =>
        settings.SigningKeys.Algorithm == SigningAlgorithms.Es256 ? [SigningAlgorithms.Rs256, SigningAlgorithms.Es256] : [SigningAlgorithms.Rs256];

    // A superseded key stays published until the last token it signed (access or identity token) has expired.
    private TimeSpan SigningTokenLifetime =>
        Max(server.CurrentValue.AccessTokenLifetime, server.CurrentValue.IdentityTokenLifetime) + KeyRotationOptions.ClockSkew;

    // Refresh tokens and codes are signed and encrypted with the symmetric keys.
    private TimeSpan SymmetricTokenLifetime =>
        Max(server.CurrentValue.RefreshTokenLifetime, server.CurrentValue.AuthorizationCodeLifetime) + KeyRotationOptions.ClockSkew;

    private static TimeSpan Max(TimeSpan? a, TimeSpan? b) =>
        TimeSpan.FromTicks(Math.Max(a?.Ticks ?? TimeSpan.FromHours(1).Ticks, b?.Ticks ?? TimeSpan.FromHours(1).Ticks));

    // Another node made the same change at the same moment (a unique generation collided): theirs stands.
    private Task<bool> SaveOrGiveWayAsync(CancellationToken ct) => db.SaveOrGiveWayAsync(ct);
}
