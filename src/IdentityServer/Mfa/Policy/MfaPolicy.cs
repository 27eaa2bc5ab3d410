namespace IdentityServer.Mfa.Policy;

/// <summary>The part of a tenant's settings the policy engine reads.</summary>
internal sealed record MfaPolicy(
    bool SmsSignInEnabled,
    bool RequireSecondFactor,
    string Enforcement,
    IReadOnlySet<string> Factors,
    bool PasskeySignInEnabled = false);
