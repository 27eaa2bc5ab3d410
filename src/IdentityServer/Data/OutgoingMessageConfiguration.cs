using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityServer.Data;

internal sealed class OutgoingMessageConfiguration : IEntityTypeConfiguration<OutgoingMessage>
{
    public void Configure(EntityTypeBuilder<OutgoingMessage> b)
    {
        b.ToTable("OutgoingMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).HasMaxLength(32);
        b.Property(m => m.Kind).HasMaxLength(8);
        b.Property(m => m.TenantId).HasMaxLength(40);
        b.Property(m => m.Reference).HasMaxLength(64);
        b.Property(m => m.TraceParent).HasMaxLength(64);
        // The sender takes the oldest due messages first.
        b.HasIndex(m => m.DueAt);
    }
}
