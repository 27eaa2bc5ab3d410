namespace IdentityServer.Passkeys;

/// <summary>
/// Issue 16 point 6, RFC 8176: a passkey is "hwk" (a hardware-secured key); user verification adds "pin"
/// (the authenticator's local unlock: PIN, pattern or biometric, which WebAuthn does not tell apart) and
/// makes a first-factor passkey multi-factor ("mfa", so acr is the multi-factor policy); without it,
/// "user" (a presence test).
/// </summary>
internal static class PasskeyAmr
{
    public const string HardwareKey = "hwk";

    /// <summary>A passkey as the whole sign-in: UV is required there, so it is always two factors in one.</summary>
    public static IReadOnlyList<string> FirstFactor(bool userVerified) =>
        userVerified ? [HardwareKey, "pin", "mfa"] : [HardwareKey, "user"];

    /// <summary>A passkey after another first factor; the caller adds "mfa".</summary>
    public static IReadOnlyList<string> SecondFactor(bool userVerified) =>
        userVerified ? [HardwareKey, "pin"] : [HardwareKey, "user"];
}
