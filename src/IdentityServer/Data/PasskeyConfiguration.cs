using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityServer.Data;

internal sealed class PasskeyConfiguration : IEntityTypeConfiguration<Passkey>
{
    public void Configure(EntityTypeBuilder<Passkey> b)
    {
        b.ToTable("Passkeys");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).HasMaxLength(32);
        b.BelongsToTenant();
        b.Property(p => p.UserId).HasMaxLength(64).IsRequired();
        b.Property(p => p.CredentialId).HasMaxLength(1400).IsRequired();
        b.Property(p => p.PublicKey).HasMaxLength(2048);
        b.Property(p => p.UserHandle).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(64);
        b.Property(p => p.Transports).HasMaxLength(100);
        // A credential belongs to one user of the tenant; a sign-in finds it by its id.
        b.HasIndex(p => new { p.TenantId, p.CredentialId }).IsUnique();
        b.HasIndex(p => new { p.TenantId, p.UserId });
        b.HasOne<PlatformUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PasskeyChallengeConfiguration : IEntityTypeConfiguration<PasskeyChallenge>
{
    public void Configure(EntityTypeBuilder<PasskeyChallenge> b)
    {
        b.ToTable("PasskeyChallenges");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasMaxLength(64);
        b.BelongsToTenant();
        b.Property(c => c.Purpose).HasMaxLength(16);
        b.Property(c => c.UserId).HasMaxLength(64);
        b.Property(c => c.TicketId).HasMaxLength(64);
        b.Property(c => c.OptionsJson).HasMaxLength(8000);
        b.HasIndex(c => new { c.TenantId, c.ExpiresAt });
    }
}
