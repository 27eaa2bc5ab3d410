using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Mfa;

/// <summary>
/// The factors a user has enrolled, as the policy engine sees them: a verified phone (SMS), a
/// confirmed TOTP secret, email codes turned on for a confirmed address, a registered passkey
/// (webauthn), and unused recovery codes.
/// </summary>
internal static class UserFactors
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
        if (user.PasskeyCount > 0)
        {
            factors.Add(MfaFactor.WebAuthn);
        }
        if (!string.IsNullOrEmpty(user.RecoveryCodeHashes))
        {
            factors.Add(MfaFactor.RecoveryCode);
        }
        return factors;
    }
}
