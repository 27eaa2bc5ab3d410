using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Mfa;

/// <summary>The part of a tenant's settings the policy engine reads.</summary>
public sealed record MfaPolicy(
    bool SmsSignInEnabled,
    bool SmsSignUp,
    bool RequireSecondFactor,
    string Enforcement,
    IReadOnlySet<string> Factors)
{
    public static MfaPolicy From(TenantSettings s) => new(
        s.SignIn.Sms.Enabled, s.SignIn.Sms.SignUp, s.SignIn.Sms.RequireSecondFactor,
        s.Mfa.Enforcement, s.Mfa.Factors.ToHashSet());
}
