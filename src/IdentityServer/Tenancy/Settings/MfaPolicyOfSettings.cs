
namespace IdentityServer.Tenancy.Settings;

internal static class MfaPolicyOfSettings
{
    /// <summary>The part of the settings the MFA policy engine reads (the engine itself knows no settings type).</summary>
    public static MfaPolicy ToMfaPolicy(this TenantSettings s) => new(
        s.SignIn.Sms.Enabled, s.SignIn.Sms.RequireSecondFactor,
        s.Mfa.Enforcement, s.Mfa.Factors.ToHashSet(), s.SignIn.Passkey.Enabled);
}
