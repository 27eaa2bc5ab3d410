using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace IdentityServer.Tenancy;

/// <summary>
/// Looks tenants up by slug with a short cache: a change made on this node is seen at once,
/// one made on another node within <see cref="Ttl"/>.
/// </summary>
internal sealed class TenantDirectory(IMemoryCache cache, SnapshotInvalidation invalidation, IServiceScopeFactory scopes)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    public async Task<Tenant?> FindAsync(string slug, CancellationToken ct)
    {
        if (!TenantSlug.IsValid(slug))
        {
            return null;
        }
        if (cache.TryGetValue(Key(slug), out Tenant? cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == slug, ct);
        cache.Set(Key(slug), tenant, Ttl);
        return tenant;
    }

    /// <summary>Drops the tenant's snapshot on this node and, with Redis, on every node.</summary>
    public void Invalidate(string slug) => invalidation.Remove(Key(slug));

    private static string Key(string slug) => "tenant:" + slug;
}
