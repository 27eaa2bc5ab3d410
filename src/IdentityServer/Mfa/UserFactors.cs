using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Mfa;

/// <summary>
/// The factors a user has enrolled, as the policy engine sees them. Today: a verified phone is the
/// SMS factor and Identity's two-factor flag stands for TOTP; the MFA issue adds email and
/// recovery codes with their own enrollment.
/// </summary>
public static class UserFactors
{
    public static IReadOnlySet<string> Of(PlatformUser user)
    {
        var factors = new HashSet<string>();
        if (user.PhoneNumberConfirmed && user.PhoneNumber is not null)
        {
            factors.Add(MfaFactor.Sms);
        }
        if (user.TotpSecretProtected is not null)
        {
            factors.Add(MfaFactor.Totp);
        }
        if (user.EmailMfaEnabled && user.EmailConfirmed && !string.IsNullOrEmpty(user.Email))
        {
            factors.Add(MfaFactor.Email);
        }
        if (!string.IsNullOrEmpty(user.RecoveryCodeHashes))
        {
            factors.Add(MfaFactor.RecoveryCode);
        }
        return factors;
    }
}
