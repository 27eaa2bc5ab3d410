namespace IdentityServer.Data;

/// <summary>
/// An SMS one-time code (SPEC 4.2): only its keyed hash is stored; it dies when used, voided by a
/// newer code, expired, or after its last allowed attempt. The rows double as the send log that
/// the rate limits count, so the limits hold across nodes.
/// </summary>
internal sealed class OneTimeCode : ITenantOwned
{
    /// <summary>The otp_id handed to the client: 128 random bits, base64url.</summary>
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string Purpose { get; set; } = OneTimeCodePurpose.SignIn;
    /// <summary>E.164 with '+'.</summary>
    public string PhoneNumber { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }
    public OneTimeCodeState State { get; set; } = OneTimeCodeState.Active;
    /// <summary>False when no SMS went out (unknown phone without sign-up, a user who cannot use SMS): the code can never succeed.</summary>
    public bool Usable { get; set; }
    public string? UserId { get; set; }
    public string? ClientIpHash { get; set; }
    public string? Locale { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? DeliveryStatus { get; set; }
}

internal enum OneTimeCodeState
{
    Active,
    Used,
    Voided,
}

internal static class OneTimeCodePurpose
{
    public const string SignIn = "sign_in";
    public const string VerifyPhone = "verify_phone";
    /// <summary>An MFA challenge by SMS: the row is the phone's send log only (never usable), the code is checked on the ticket.</summary>
    public const string MfaChallenge = "mfa_challenge";
}
