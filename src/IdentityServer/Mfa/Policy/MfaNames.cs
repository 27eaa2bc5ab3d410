namespace IdentityServer.Mfa.Policy;

internal static class MfaEnforcement
{
    public const string Off = "off";
    public const string Optional = "optional";
    public const string Required = "required";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Off, Optional, Required };
}

internal static class MfaFactor
{
    public const string Totp = "totp";
    public const string RecoveryCode = "recovery_code";
    public const string Email = "email";
    public const string Sms = "sms";
    /// <summary>Passkeys and security keys (issue 16).</summary>
    public const string WebAuthn = "webauthn";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Totp, RecoveryCode, Email, Sms, WebAuthn };

    /// <summary>SPEC 5: the non-SMS factors of the rules (P1, U1, U3, S1); recovery codes are only a fallback.</summary>
    public static readonly IReadOnlySet<string> NonSms = new HashSet<string> { WebAuthn, Totp, Email };

    /// <summary>P4 and S2: the factors a user created by SMS sign-up may enroll in the flow, in the order offered.</summary>
    public static readonly IReadOnlyList<string> InFlowSignUp = [Totp, WebAuthn];
}
