namespace IdentityServer.Data;

/// <summary>
/// A revoked access token (RFC 7009), by its jti, until it would have expired anyway. Access tokens
/// have no row of their own (they are stateless JWTs): this deny-list is written once per revocation
/// and read only by userinfo and introspection.
/// </summary>
internal sealed class RevokedAccessToken : ITenantOwned
{
    public string Jti { get; set; } = "";
    public string TenantId { get; set; } = "";
    /// <summary>The token's own expiry: after it the row means nothing and may be purged.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
