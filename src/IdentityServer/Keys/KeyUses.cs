namespace IdentityServer.Keys;

/// <summary>What a stored key is for.</summary>
internal static class KeyUses
{
    /// <summary>A tenant's asymmetric signing key, published in its JWKS.</summary>
    public const string Signing = "sig";
    /// <summary>AES-256 key wrapping codes and refresh tokens: only this server reads them, so a symmetric key does, at a fraction of RSA's cost.</summary>
    public const string Encryption = "aes";
    /// <summary>The key of the keyed hashes of one-time codes, recovery codes and client IPs (SPEC 4.2).</summary>
    public const string CodeHash = "otp";
    /// <summary>HMAC-SHA256 key signing the tokens only this server reads (refresh tokens, codes): never published.</summary>
    public const string TokenMac = "hs";

    public static readonly IReadOnlyList<string> Symmetric = [Encryption, CodeHash, TokenMac];
}
