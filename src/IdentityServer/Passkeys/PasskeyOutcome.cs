using IdentityServer.Data;

namespace IdentityServer.Passkeys;

/// <summary>How a ceremony ended, as a value: the callers map it to a page message or an OAuth error.</summary>
internal abstract record PasskeyOutcome
{
    /// <summary>A new passkey, tracked, saved with the caller's save of the user; UserVerified as for <see cref="Verified"/>.</summary>
    public sealed record Registered(Passkey Passkey, bool UserVerified) : PasskeyOutcome;

    /// <summary>A valid assertion of <paramref name="Passkey"/>; UserVerified when the authenticator checked a PIN or biometric.</summary>
    public sealed record Verified(Passkey Passkey, bool UserVerified) : PasskeyOutcome;

    /// <summary>The signature counter went back: a cloned authenticator (refused, audited).</summary>
    public sealed record Cloned(Passkey Passkey) : PasskeyOutcome;

    /// <summary>Anything else: why, for the logs and the audit (never shown as a hint to an attacker).</summary>
    public sealed record Failed(string Reason) : PasskeyOutcome;
}
