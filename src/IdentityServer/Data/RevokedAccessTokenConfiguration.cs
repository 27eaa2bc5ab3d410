using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityServer.Data;

internal sealed class RevokedAccessTokenConfiguration : IEntityTypeConfiguration<RevokedAccessToken>
{
    public void Configure(EntityTypeBuilder<RevokedAccessToken> b)
    {
        b.ToTable("RevokedAccessTokens");
        b.HasKey(t => t.Jti);
        b.Property(t => t.Jti).HasMaxLength(100);
        b.HasTenantColumn();
        b.HasIndex(t => t.ExpiresAt);
    }
}
