using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityServer.Data;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.ToTable("Tenants");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasMaxLength(40);
        b.Property(t => t.DisplayName).HasMaxLength(200);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.ConcurrencyStamp).IsConcurrencyToken().HasMaxLength(32);
    }
}

internal sealed class StoredKeyConfiguration : IEntityTypeConfiguration<StoredKey>
{
    public void Configure(EntityTypeBuilder<StoredKey> b)
    {
        b.ToTable("StoredKeys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Id).HasMaxLength(64);
        b.Property(k => k.Use).HasMaxLength(16);
        b.Property(k => k.TenantId).HasMaxLength(40);
        b.Property(k => k.Algorithm).HasMaxLength(16);
        // One key per generation of a chain: two nodes adding the same next key collide here.
        b.HasIndex(k => new { k.TenantId, k.Use, k.Algorithm, k.Generation }).IsUnique();
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.ToTable("JobLeases");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(64);
        b.Property(l => l.Holder).HasMaxLength(100);
    }
}

internal sealed class PlatformUserConfiguration : IEntityTypeConfiguration<PlatformUser>
{
    public void Configure(EntityTypeBuilder<PlatformUser> b)
    {
        b.BelongsToTenant();
        b.Property(u => u.GivenName).HasMaxLength(100);
        b.Property(u => u.FamilyName).HasMaxLength(100);
        b.Property(u => u.Roles).HasMaxLength(200);
        b.Property(u => u.TotpSecretProtected).HasMaxLength(500);
        b.Property(u => u.RecoveryCodeHashes).HasMaxLength(1000);
        // SPEC 3: the second-factor lockout is counted by atomic UPDATEs only (Mfa/MfaLockout); a whole-user save
        // (UserManager.UpdateAsync marks every column) must never write back a stale count.
        b.Property(u => u.MfaFailedCount).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.Property(u => u.MfaLockoutCount).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.Property(u => u.MfaLockedUntil).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        // The same email may exist in two tenants: uniqueness is per tenant.
        b.HasIndex(u => u.NormalizedUserName).HasDatabaseName("UserNameIndex").IsUnique(false);
        b.HasIndex(u => new { u.TenantId, u.NormalizedUserName }).IsUnique();
        b.HasIndex(u => new { u.TenantId, u.NormalizedEmail });
        b.HasIndex(u => new { u.TenantId, u.PhoneNumber });
    }
}

internal sealed class TenantApplicationConfiguration : IEntityTypeConfiguration<TenantApplication>
{
    public void Configure(EntityTypeBuilder<TenantApplication> b)
    {
        b.BelongsToTenant();
        // client_id is unique per tenant, not globally.
        b.HasIndex(a => a.ClientId).IsUnique(false);
        b.HasIndex(a => new { a.TenantId, a.ClientId }).IsUnique();
    }
}

internal sealed class TenantAuthorizationConfiguration : IEntityTypeConfiguration<TenantAuthorization>
{
    public void Configure(EntityTypeBuilder<TenantAuthorization> b)
    {
        b.HasTenantColumn();
        b.HasIndex(a => a.TenantId);
    }
}

internal sealed class TenantScopeConfiguration : IEntityTypeConfiguration<TenantScope>
{
    public void Configure(EntityTypeBuilder<TenantScope> b)
    {
        b.HasTenantColumn();
        b.HasIndex(s => s.Name).IsUnique(false);
        b.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();
    }
}

internal sealed class TenantTokenConfiguration : IEntityTypeConfiguration<TenantToken>
{
    public void Configure(EntityTypeBuilder<TenantToken> b)
    {
        b.HasTenantColumn();
        b.HasIndex(t => t.TenantId);
    }
}

internal sealed class OneTimeCodeConfiguration : IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(EntityTypeBuilder<OneTimeCode> b)
    {
        b.ToTable("OneTimeCodes");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasMaxLength(32);
        b.BelongsToTenant();
        b.Property(c => c.ClientId).HasMaxLength(100);
        b.Property(c => c.Purpose).HasMaxLength(20);
        b.Property(c => c.PhoneNumber).HasMaxLength(20);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.UserId).HasMaxLength(64);
        b.Property(c => c.ClientIpHash).HasMaxLength(64);
        b.Property(c => c.Locale).HasMaxLength(16);
        b.Property(c => c.GivenName).HasMaxLength(100);
        b.Property(c => c.FamilyName).HasMaxLength(100);
        b.Property(c => c.ProviderMessageId).HasMaxLength(64);
        b.Property(c => c.DeliveryStatus).HasMaxLength(32);
        // The per-phone limit and the voiding of a phone's earlier codes (the per-IP and per-tenant
        // limits read SmsSendCounters).
        b.HasIndex(c => new { c.TenantId, c.PhoneNumber, c.CreatedAt });
        b.HasIndex(c => c.ProviderMessageId);
        // Retention deletes expired codes across tenants.
        b.HasIndex(c => c.ExpiresAt);
    }
}

internal sealed class SmsSendCounterConfiguration : IEntityTypeConfiguration<SmsSendCounter>
{
    public void Configure(EntityTypeBuilder<SmsSendCounter> b)
    {
        b.ToTable("SmsSendCounters");
        b.HasKey(c => new { c.TenantId, c.Key, c.Bucket });
        b.BelongsToTenant();
        b.Property(c => c.Key).HasMaxLength(80);
        // Old buckets are deleted across tenants.
        b.HasIndex(c => c.Bucket);
    }
}

internal sealed class MfaTicketConfiguration : IEntityTypeConfiguration<MfaTicket>
{
    public void Configure(EntityTypeBuilder<MfaTicket> b)
    {
        b.ToTable("MfaTickets");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasMaxLength(64);
        b.BelongsToTenant();
        b.Property(t => t.ClientId).HasMaxLength(100);
        b.Property(t => t.UserId).HasMaxLength(64);
        b.Property(t => t.FirstFactor).HasMaxLength(10);
        b.Property(t => t.Scopes).HasMaxLength(2000);
        b.Property(t => t.Methods).HasMaxLength(100);
        b.Property(t => t.PendingTotpSecretProtected).HasMaxLength(500);
        b.Property(t => t.ChallengeFactor).HasMaxLength(10);
        b.Property(t => t.ChallengeCodeHash).HasMaxLength(64);
        b.HasIndex(t => new { t.TenantId, t.ExpiresAt });
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable("AuditEvents");
        b.HasKey(e => e.Id);
        b.BelongsToTenant();
        b.Property(e => e.Actor).HasMaxLength(140);
        b.Property(e => e.Action).HasMaxLength(60);
        b.Property(e => e.Target).HasMaxLength(140);
        b.Property(e => e.Details).HasMaxLength(4000);
        b.Property(e => e.Ip).HasMaxLength(64);
        b.Property(e => e.UserAgent).HasMaxLength(200);
        b.HasIndex(e => new { e.TenantId, e.Actor, e.At });
        b.HasIndex(e => new { e.TenantId, e.At });
        b.HasIndex(e => new { e.TenantId, e.Action, e.At });
    }
}
