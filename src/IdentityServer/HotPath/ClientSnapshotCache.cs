using IdentityServer.Data;
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
internal sealed class ClientSnapshotCache(IServiceProvider services, Snapshots snapshots)
    : TokenEndpointSnapshots<OpenIddictApplicationCache<TenantApplication>>(services, snapshots), IOpenIddictApplicationCache<TenantApplication>
{
    public ValueTask AddAsync(TenantApplication application, CancellationToken cancellationToken) =>
        Inner.AddAsync(application, cancellationToken);

    public async ValueTask<TenantApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (Snapshots.Tenant is not { } slug)
        {
            return await Inner.FindByClientIdAsync(identifier, cancellationToken);
        }
        if (Snapshots.TryGet(Key(slug, identifier), out TenantApplication? snapshot))
        {
            // A copy per request: nothing a request does to it reaches another request.
            return snapshot.Snapshot();
        }
        var application = await Inner.FindByClientIdAsync(identifier, cancellationToken);
        if (application is not null)
        {
            Snapshots.Keep(Key(slug, identifier), application.Snapshot());
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
            Snapshots.Drop(Key(application.TenantId, application.ClientId));
        }
        return Inner.RemoveAsync(application, cancellationToken);
    }

    private static string Key(string tenant, string clientId) => $"client:{tenant}:{clientId}";
}
