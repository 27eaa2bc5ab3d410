using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Data;

/// <summary>
/// Users, OpenIddict entities, tenants and keys. Every tenant-owned row is filtered by the
/// current tenant, so a query can never see another tenant's data by accident.
/// Each provider has a subclass carrying its own migrations. Contexts are pooled: each request's
/// scope rents one and sets <see cref="Tenant"/> (see DataServiceCollectionExtensions).
/// </summary>
internal abstract class PlatformDbContext(DbContextOptions options)
    : IdentityUserContext<PlatformUser>(options), IDataProtectionKeyContext
{
    /// <summary>The scope's tenant; null outside a tenant (platform-wide work). Cleared when the context goes back to the pool.</summary>
    internal ICurrentTenant? Tenant { get; set; }

    // Read by the query filters at query time (EF parameterises DbContext members).
    private string? CurrentTenantId => Tenant?.TenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<StoredKey> StoredKeys => Set<StoredKey>();
    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();
    public DbSet<SmsSendCounter> SmsSendCounters => Set<SmsSendCounter>();
    public DbSet<MfaTicket> MfaTickets => Set<MfaTicket>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<RevokedAccessToken> RevokedAccessTokens => Set<RevokedAccessToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<OutgoingMessage> OutgoingMessages => Set<OutgoingMessage>();
    public DbSet<Passkey> Passkeys => Set<Passkey>();
    public DbSet<PasskeyChallenge> PasskeyChallenges => Set<PasskeyChallenge>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict<TenantApplication, TenantAuthorization, TenantScope, TenantToken, string>();
        builder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly,
            t => t.Namespace == typeof(PlatformDbContext).Namespace);

        builder.Entity<PlatformUser>().HasQueryFilter(u => u.TenantId == CurrentTenantId);
        builder.Entity<TenantApplication>().HasQueryFilter(a => a.TenantId == CurrentTenantId);
        builder.Entity<TenantAuthorization>().HasQueryFilter(a => a.TenantId == CurrentTenantId);
        builder.Entity<TenantScope>().HasQueryFilter(s => s.TenantId == CurrentTenantId);
        builder.Entity<TenantToken>().HasQueryFilter(t => t.TenantId == CurrentTenantId);
        builder.Entity<OneTimeCode>().HasQueryFilter(c => c.TenantId == CurrentTenantId);
        builder.Entity<SmsSendCounter>().HasQueryFilter(c => c.TenantId == CurrentTenantId);
        builder.Entity<MfaTicket>().HasQueryFilter(t => t.TenantId == CurrentTenantId);
        builder.Entity<AuditEvent>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<RevokedAccessToken>().HasQueryFilter(t => t.TenantId == CurrentTenantId);
        builder.Entity<Passkey>().HasQueryFilter(p => p.TenantId == CurrentTenantId);
        builder.Entity<PasskeyChallenge>().HasQueryFilter(c => c.TenantId == CurrentTenantId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // New tenant-owned rows take the scope's tenant; a row of another tenant is never written.
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && string.IsNullOrEmpty(entry.Entity.TenantId))
            {
                entry.Entity.TenantId = Tenant?.RequiredTenantId
                    ?? throw new InvalidOperationException("A tenant-owned row was added outside a tenant scope.");
            }
            else if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                     && CurrentTenantId is not null && entry.Entity.TenantId != CurrentTenantId)
            {
                throw new InvalidOperationException("A row of another tenant cannot be changed in this scope.");
            }
        }
    }

    // A pooled context must not carry its last tenant into a rental that forgets to set one.
    public override void Dispose()
    {
        Tenant = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Tenant = null;
        return base.DisposeAsync();
    }
}
