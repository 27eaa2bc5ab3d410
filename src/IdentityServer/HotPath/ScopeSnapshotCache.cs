using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using IdentityServer.Data;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace IdentityServer.HotPath;

/// <summary>
/// OpenIddict looks up a request's non-standard scopes (a client_credentials "api") in the store on
/// every token request: a quarter of such a request's CPU. At the token endpoint this cache answers
/// from a snapshot kept per tenant and set of names, and only when every name was found, so a new
/// scope is never hidden. A scope changed on this node drops its tenant's snapshots at once
/// (OpenIddict removes the entry on update and delete), one changed on another node is seen within
/// 10 seconds.
/// </summary>
internal sealed class ScopeSnapshotCache(IServiceProvider services, Snapshots snapshots)
    : TokenEndpointSnapshots<OpenIddictScopeCache<TenantScope>>(services, snapshots), IOpenIddictScopeCache<TenantScope>
{
    public ValueTask AddAsync(TenantScope scope, CancellationToken cancellationToken) => Inner.AddAsync(scope, cancellationToken);

    public ValueTask<TenantScope?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        Inner.FindByIdAsync(identifier, cancellationToken);

    public ValueTask<TenantScope?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        Inner.FindByNameAsync(name, cancellationToken);

    public IAsyncEnumerable<TenantScope> FindByNamesAsync(ImmutableArray<string> names, CancellationToken cancellationToken)
    {
        if (Snapshots.Tenant is not { } slug)
        {
            return Inner.FindByNamesAsync(names, cancellationToken);
        }
        return FromSnapshotAsync(slug, names, cancellationToken);
    }

    private async IAsyncEnumerable<TenantScope> FromSnapshotAsync(string slug, ImmutableArray<string> names,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = $"scopes:{slug}:{Generation(slug)}:{string.Join(' ', names.Order(StringComparer.Ordinal))}";
        if (!Snapshots.TryGet(key, out TenantScope[]? found))
        {
            var loaded = new List<TenantScope>();
            await foreach (var scope in Inner.FindByNamesAsync(names, cancellationToken))
            {
                loaded.Add(scope.Snapshot());
            }
            found = [.. loaded];
            // Only a complete answer is kept: a scope created a moment ago is never hidden by a stale miss.
            if (found.Length == names.Length)
            {
                Snapshots.Keep(key, found);
            }
        }
        foreach (var scope in found)
        {
            // A copy per request: nothing a request does to it reaches another request.
            yield return scope.Snapshot();
        }
    }

    public IAsyncEnumerable<TenantScope> FindByResourceAsync(string resource, CancellationToken cancellationToken) =>
        Inner.FindByResourceAsync(resource, cancellationToken);

    public ValueTask RemoveAsync(TenantScope scope, CancellationToken cancellationToken)
    {
        // The snapshots are keyed by sets of names: a new generation retires all of the tenant's.
        Snapshots.Retire(GenerationKey(scope.TenantId));
        return Inner.RemoveAsync(scope, cancellationToken);
    }

    private long Generation(string slug) => Snapshots.Generation(GenerationKey(slug));

    private static string GenerationKey(string slug) => "scopes-generation:" + slug;
}
