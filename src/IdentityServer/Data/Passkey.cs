namespace IdentityServer.Data;

/// <summary>
/// A user's WebAuthn credential (a passkey or security key, SPEC 5 factor <c>webauthn</c>): its id and
/// public key, the signature counter seen last (a counter that goes back means a cloned authenticator),
/// the name the user gave it, and when it was added and last used.
/// </summary>
internal sealed class Passkey : ITenantOwned
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string UserId { get; set; } = "";
    /// <summary>The credential id, base64url: unique within the tenant.</summary>
    public string CredentialId { get; set; } = "";
    /// <summary>The COSE public key.</summary>
    public byte[] PublicKey { get; set; } = [];
    /// <summary>The user handle the authenticator keeps with a discoverable credential (the user's id).</summary>
    public byte[] UserHandle { get; set; } = [];
    public long SignCount { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Space-separated transports the authenticator reported (usb, nfc, ble, internal, hybrid).</summary>
    public string? Transports { get; set; }
    public Guid AaGuid { get; set; }
    public bool BackupEligible { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
