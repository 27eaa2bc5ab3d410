namespace IdentityServer.Data;

/// <summary>
/// An outstanding WebAuthn ceremony (issue 16 point 5): the challenge (its base64url value is the key),
/// the options sent, and what it is bound to: the tenant, the user (none for a discoverable sign-in),
/// the mfa ticket of a second step. Used once, until <see cref="ExpiresAt"/>.
/// </summary>
internal sealed class PasskeyChallenge : ITenantOwned
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    /// <summary>register, second_factor or first_factor.</summary>
    public string Purpose { get; set; } = "";
    public string? UserId { get; set; }
    public string? TicketId { get; set; }
    /// <summary>The options as sent (CredentialCreateOptions or AssertionOptions JSON), checked against the answer.</summary>
    public string OptionsJson { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Used { get; set; }
}
