using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityServer.Data;

/// <summary>How a row names its tenant: a required TenantId of up to 40 characters, and where the row cannot outlive its tenant, a foreign key that forbids deleting the tenant first.</summary>
internal static class TenantColumn
{
    public const int MaxLength = 40;

    /// <summary>The TenantId column alone (OpenIddict's rows and the deny-list, pruned by their own expiry).</summary>
    public static EntityTypeBuilder<T> HasTenantColumn<T>(this EntityTypeBuilder<T> b) where T : class
    {
        b.Property<string>("TenantId").HasMaxLength(MaxLength).IsRequired();
        return b;
    }

    /// <summary>The TenantId column and its foreign key to Tenants (restrict: a tenant is disabled, not deleted, while it has rows).</summary>
    public static EntityTypeBuilder<T> BelongsToTenant<T>(this EntityTypeBuilder<T> b) where T : class
    {
        b.HasTenantColumn();
        b.HasOne<Tenant>().WithMany().HasForeignKey("TenantId").OnDelete(DeleteBehavior.Restrict);
        return b;
    }
}
