using System.Diagnostics.CodeAnalysis;
using IdentityServer.Tenancy;
using Microsoft.Extensions.Caching.Memory;

namespace IdentityServer.HotPath;

/// <summary>
/// The snapshots of one request: served only at /connect/token and /connect/sms/start of a tenant
/// (the two endpoints machines call in volume), kept for 10 seconds; a change is published to every
/// node through <see cref="SnapshotInvalidation"/>.
/// </summary>
internal sealed class Snapshots(IMemoryCache cache, SnapshotInvalidation invalidation, TenantContext tenant, IHttpContextAccessor http)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    /// <summary>The tenant whose snapshots serve this request: set at its token and SMS start endpoints only.</summary>
    public string? Tenant =>
        tenant.TenantId is { } slug && http.HttpContext?.Request.Path is { } path
            && (path == "/connect/token" || path == "/connect/sms/start") ? slug : null;

    public bool TryGet<T>(string key, [NotNullWhen(true)] out T? value) where T : class =>
        cache.TryGetValue(key, out value) && value is not null;

    public void Keep(string key, object value) => cache.Set(key, value, Ttl);

    /// <summary>Drops one snapshot here and on every node.</summary>
    public void Drop(string key) => invalidation.Remove(key);

    /// <summary>Retires every snapshot keyed under the generation at <paramref name="generationKey"/>, here and on every node.</summary>
    public void Retire(string generationKey) => invalidation.Retire(generationKey);

    public long Generation(string generationKey) => invalidation.Generation(generationKey);
}

/// <summary>
/// The shared part of the token endpoint's snapshot caches: where <see cref="Snapshots.Tenant"/> is
/// null the wrapped OpenIddict cache answers, made only when it is needed (it holds a MemoryCache
/// per request).
/// </summary>
internal abstract class TokenEndpointSnapshots<TInner>(IServiceProvider services, Snapshots snapshots)
    where TInner : class
{
    private TInner? _created;

    protected TInner Inner => _created ??= ActivatorUtilities.CreateInstance<TInner>(services);

    protected Snapshots Snapshots => snapshots;
}
