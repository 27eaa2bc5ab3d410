using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Tenancy;

/// <summary>Creates, lists and changes tenants (the Tenants table is not tenant-filtered).</summary>
internal sealed class TenantCatalog(PlatformDbContext db, TenantDirectory directory, TimeProvider time)
{
    public Task<Tenant?> FindAsync(string slug, CancellationToken ct) =>
        db.Tenants.FirstOrDefaultAsync(t => t.Id == slug, ct);

    public async Task<Tenant> CreateAsync(string slug, string displayName, TenantSettings? settings, CancellationToken ct)
    {
        settings ??= new TenantSettings();
        settings.DisplayName ??= displayName;
        var tenant = new Tenant
        {
            Id = slug,
            DisplayName = displayName,
            Status = TenantStatus.Active,
            CreatedAt = time.GetUtcNow(),
            SettingsJson = SettingsJson.Write(settings),
        };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        directory.Invalidate(slug);
        return tenant;
    }

    public async Task<Tenant> EnsureAsync(string slug, string displayName, CancellationToken ct)
    {
        var existing = await FindAsync(slug, ct);
        if (existing is not null)
        {
            return existing;
        }
        try
        {
            return await CreateAsync(slug, displayName, null, ct);
        }
        catch (DbUpdateException)
        {
            // Another node created it first.
            db.ChangeTracker.Clear();
            return (await FindAsync(slug, ct))!;
        }
    }

    public async Task SaveAsync(Tenant tenant, CancellationToken ct)
    {
        tenant.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
        directory.Invalidate(tenant.Id);
    }

    public async Task<(List<Tenant> Items, int Total)> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        var total = await db.Tenants.CountAsync(ct);
        var items = await db.Tenants.AsNoTracking().OrderBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }
}
