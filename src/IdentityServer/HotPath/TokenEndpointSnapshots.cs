using IdentityServer.Tenancy;

namespace IdentityServer.HotPath;

/// <summary>
/// The shared part of the token endpoint's snapshot caches: snapshots are served only at
/// /connect/token and /connect/sms/start of a tenant (the two endpoints machines call in volume),
/// for 10 seconds; everywhere else the wrapped OpenIddict cache answers,
/// made only when it is needed (it holds a MemoryCache per request).
/// </summary>
internal abstract class TokenEndpointSnapshots<TInner>(IServiceProvider services, TenantContext tenant, IHttpContextAccessor http)
    where TInner : class
{
    protected static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private TInner? _created;

    protected TInner Inner => _created ??= ActivatorUtilities.CreateInstance<TInner>(services);

    /// <summary>The tenant whose snapshots serve this request: set at its token and SMS start endpoints only.</summary>
    protected string? SnapshotTenant =>
        tenant.TenantId is { } slug && http.HttpContext?.Request.Path is { } path
            && (path == "/connect/token" || path == "/connect/sms/start") ? slug : null;
}
