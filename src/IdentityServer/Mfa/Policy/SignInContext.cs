namespace IdentityServer.Mfa.Policy;

/// <summary>
/// The user side of a sign-in decision: the factors the user has enrolled (totp, recovery_code,
/// email, sms), the factor used first (pwd, sms, or hwk for a passkey with user verification), whether this sign-in created the user or
/// the user still owes the in-flow enrollment of an SMS sign-up, and whether the client asked for MFA (step-up).
/// </summary>
internal sealed record SignInContext(
    IReadOnlySet<string> EnrolledFactors,
    string FirstFactor,
    bool PendingSignUpEnrollment = false,
    bool StepUpRequested = false);

internal static class FirstFactors
{
    public const string Password = "pwd";
    public const string Sms = "sms";
    /// <summary>A passkey with user verification (RFC 8176 hwk): possession and PIN or biometric in one step.</summary>
    public const string Passkey = "hwk";
}
