namespace IdentityServer.Data;

/// <summary>
/// The state behind an mfa_token (SPEC 4.3/5): opaque to the client (only its SHA-256 is the key),
/// bound to tenant, client, user and first factor; 5 minutes, 5 tries, single use.
/// </summary>
internal sealed class MfaTicket : ITenantOwned
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string FirstFactor { get; set; } = "";
    /// <summary>Space-separated scopes of the original request.</summary>
    public string Scopes { get; set; } = "";
    /// <summary>Space-separated methods offered (mfa_methods).</summary>
    public string Methods { get; set; } = "";
    public bool Enrollment { get; set; }
    public bool UserCreated { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 5;
    public bool Used { get; set; }
    /// <summary>A TOTP secret offered by connect/mfa/enroll, protected; it becomes the user's when a code from it completes the sign-in.</summary>
    public string? PendingTotpSecretProtected { get; set; }
    /// <summary>The factor of the outstanding connect/mfa/challenge code (email or sms), its keyed hash and expiry.</summary>
    public string? ChallengeFactor { get; set; }
    public string? ChallengeCodeHash { get; set; }
    public DateTimeOffset? ChallengeExpiresAt { get; set; }
    /// <summary>How many codes were sent for this ticket (3 at most).</summary>
    public int Challenges { get; set; }
}
