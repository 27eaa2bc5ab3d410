using IdentityServer.Data;
using IdentityServer.Tenancy;
using Microsoft.Extensions.Caching.Memory;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace IdentityServer.HotPath;

/// <summary>
/// OpenIddict caches applications per request only, so every token request paid a database query
/// for its client (a third of a client_credentials request). At the token endpoint (and connect/sms/start) this cache
/// answers from a snapshot kept across requests for 10 seconds, keyed by tenant and client_id:
/// a change made on this node is seen at once (OpenIddict removes the entry on update and
/// delete), one made on another node within 10 seconds. Everywhere else it is OpenIddict's cache.
/// </summary>
internal sealed class ClientSnapshotCache(IServiceProvider services, IMemoryCache snapshots, SnapshotInvalidation invalidation, TenantContext tenant, IHttpContextAccessor http)
    : TokenEndpointSnapshots<OpenIddictApplicationCache<TenantApplication>>(services, tenant, http), IOpenIddictApplicationCache<TenantApplication>
{
    public ValueTask AddAsync(TenantApplication application, CancellationToken cancellationToken) =>
        Inner.AddAsync(application, cancellationToken);

    public async ValueTask<TenantApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (SnapshotTenant is not { } slug)
        {
            return await Inner.FindByClientIdAsync(identifier, cancellationToken);
        }
        if (snapshots.TryGetValue(Key(slug, identifier), out TenantApplication? snapshot) && snapshot is not null)
        {
            // A copy per request: nothing a request does to it reaches another request.
            return snapshot.Snapshot();
        }
        var application = await Inner.FindByClientIdAsync(identifier, cancellationToken);
        if (application is not null)
        {
            snapshots.Set(Key(slug, identifier), application.Snapshot(), Ttl);
        }
        return application;
    }

    public ValueTask<TenantApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        Inner.FindByIdAsync(identifier, cancellationToken);

    public IAsyncEnumerable<TenantApplication> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        Inner.FindByPostLogoutRedirectUriAsync(uri, cancellationToken);

    public IAsyncEnumerable<TenantApplication> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        Inner.FindByRedirectUriAsync(uri, cancellationToken);

    public ValueTask RemoveAsync(TenantApplication application, CancellationToken cancellationToken)
    {
        if (application.ClientId is not null)
        {
            invalidation.Remove(Key(application.TenantId, application.ClientId));
        }
        return Inner.RemoveAsync(application, cancellationToken);
    }

    private static string Key(string tenant, string clientId) => $"client:{tenant}:{clientId}";
}
