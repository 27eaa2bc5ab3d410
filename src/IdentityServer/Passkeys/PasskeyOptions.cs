namespace IdentityServer.Passkeys;

/// <summary>
/// Passkeys__*: the relying party is the public origin (PublicOrigin__Url: its host is the RP id, the
/// origin is the one a browser's answer must name). Native apps whose platform signs with another
/// origin (Android's <c>android:apk-key-hash:...</c>) are listed in AdditionalOrigins.
/// </summary>
internal sealed class PasskeyOptions
{
    public const string Section = "Passkeys";

    /// <summary>Passkeys__AdditionalOrigins__0...: more origins accepted in an answer's client data; none by default.</summary>
    public List<string> AdditionalOrigins { get; set; } = [];

    /// <summary>Passkeys__ChallengeLifetimeSeconds: how long a ceremony's challenge may be answered [300], 30..600.</summary>
    public int ChallengeLifetimeSeconds { get; set; } = 300;
}
