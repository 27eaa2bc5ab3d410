using IdentityServer.Data;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.Keys;

/// <summary>A loaded key and the dates that decide what it does now (see <see cref="KeyTimeline"/>).</summary>
internal sealed record RingKey(
    string Kid, string TenantId, string Use, string Algorithm, int Generation, SecurityKey? Key,
    DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, DateTimeOffset? RetiresAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Published and accepted: not revoked and not yet retired (a next key is published before it signs).</summary>
    public bool IsPublishedAt(DateTimeOffset now) => RevokedAt is null && (RetiresAt is null || RetiresAt > now);

    public static RingKey From(StoredKey row, SecurityKey? key) => new(row.Id, row.TenantId, row.Use, row.Algorithm,
        row.Generation, key, row.CreatedAt, row.ActivatesAt, row.RetiresAt, row.RevokedAt);
}
