namespace IdentityServer.Mfa;

/// <summary>
/// The user side of a sign-in decision: the factors the user has enrolled (totp, recovery_code,
/// email, sms), the factor used first (pwd or sms), whether this sign-in created the user or
/// the user still owes the TOTP enrollment of an SMS sign-up, and whether the client asked for MFA (step-up).
/// </summary>
public sealed record SignInContext(
    IReadOnlySet<string> EnrolledFactors,
    string FirstFactor,
    bool PendingSignUpEnrollment = false,
    bool StepUpRequested = false);

public static class FirstFactors
{
    public const string Password = "pwd";
    public const string Sms = "sms";
}
