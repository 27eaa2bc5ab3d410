namespace IdentityServer.Data;

/// <summary>
/// A signing or symmetric key shared by every node, protected with Data Protection at rest. Keys
/// form chains (tenant, use, algorithm) ordered by generation: a key is published from its creation,
/// signs from <see cref="ActivatesAt"/>, and stays published until <see cref="RetiresAt"/> (set when a
/// newer key takes over, after the longest lifetime of the tokens it signed) or until revoked.
/// </summary>
internal sealed class StoredKey
{
    /// <summary>The key id (kid): a hash of the public key, or a random id for symmetric keys.</summary>
    public string Id { get; set; } = "";
    /// <summary>The owning tenant's slug; empty for the server-wide symmetric keys.</summary>
    public string TenantId { get; set; } = "";
    public string Use { get; set; } = "";
    /// <summary>RS256 or ES256 for signing keys; empty for symmetric keys.</summary>
    public string Algorithm { get; set; } = "";
    /// <summary>1, 2, 3... within the chain; unique, so two nodes cannot both add the same next key.</summary>
    public int Generation { get; set; }
    public string ProtectedPem { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ActivatesAt { get; set; }
    public DateTimeOffset? RetiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
