using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Mfa;

/// <summary>
/// SPEC 6 U3, the one home of "may this factor go?": every path that removes a factor (the account
/// security page, the management API's MFA reset) asks here and removes through here. Nobody removes
/// their last way in: a user whose only first factor is SMS keeps at least one non-SMS factor the
/// tenant accepts while SMS sign-in needs one, and keeps their phone.
/// </summary>
internal static class FactorRemoval
{
    public const string LastSecondFactor =
        "This is your last second step besides text messages, and a text message is your only way to sign in: "
        + "removing it would lock you out. Set up another one first (another passkey, an authenticator app or codes by email), or add a password.";
    public const string LastWayIn =
        "Your phone is your only way to sign in: removing it would lock you out. Add a password first.";
    public const string ResetWouldLockOut =
        "SMS is this user's only way to sign in and this tenant does not let them enroll an authenticator (totp) in the sign-in "
        + "flow, so a reset would lock them out. Give the user a password first, or allow totp among the tenant's MFA factors.";
    public const string PhoneIsOnlyWayIn =
        "SMS is this user's only way to sign in: removing or unverifying their phone would lock them out. Give the user a password first.";
    public const string NothingToRemove = "There is nothing to remove: it was removed already.";

    public const string PasskeyIsOnlyWayIn =
        "This passkey is your only way to sign in: removing it would lock you out. Add another passkey or a password first.";

    /// <summary>
    /// Null when <paramref name="factor"/> (totp, email, sms: the phone, or webauthn: one passkey) may be removed now;
    /// otherwise why not, for the user. One passkey of several takes no factor away.
    /// </summary>
    public static string? Refusal(PlatformUser user, string factor, TenantSettings settings)
    {
        if (factor == MfaFactor.WebAuthn && user.PasskeyCount > 1)
        {
            return null;
        }
        // A way in that stays: a password the tenant accepts, or passkey sign-in with a passkey that is not the one going.
        if (PasswordIsFirstFactor(user, settings) || PasskeyIsFirstFactor(user, settings) && factor != MfaFactor.WebAuthn)
        {
            return null;
        }
        var phone = user.PhoneNumberConfirmed && user.PhoneNumber is not null;
        if (!phone)
        {
            return factor == MfaFactor.WebAuthn && PasskeyIsFirstFactor(user, settings) ? PasskeyIsOnlyWayIn : null;
        }
        if (factor == MfaFactor.Sms)
        {
            return LastWayIn;
        }
        // U3: the last non-SMS factor of an SMS-only user would end SMS sign-in (S3), so it stays.
        var others = NonSmsFactors(user, settings).Where(f => f != factor);
        return settings.SignIn.Sms.RequireSecondFactor && !others.Any() ? LastSecondFactor : null;
    }

    /// <summary>Whether the user has <paramref name="factor"/> (totp, email or sms: any phone) to remove.</summary>
    public static bool Has(PlatformUser user, string factor) => factor switch
    {
        MfaFactor.Totp => user.TotpSecretProtected is not null,
        MfaFactor.Email => user.EmailMfaEnabled,
        MfaFactor.Sms => user.PhoneNumber is not null,
        MfaFactor.WebAuthn => user.PasskeyCount > 0,
        _ => false,
    };

    /// <summary>
    /// U3 for an admin's change of phone number or verified flag (the users API): an SMS-only user left without a
    /// verified phone would lose their last way in, unless the same change gives them a password the tenant accepts.
    /// <paramref name="wasSmsOnly"/> is <see cref="SmsIsOnlyFirstFactor"/> before the change; null when allowed.
    /// </summary>
    public static string? PhoneChangeRefusal(bool wasSmsOnly, PlatformUser changed, bool addsPassword, TenantSettings settings)
    {
        var keepsPhone = changed.PhoneNumberConfirmed && changed.PhoneNumber is not null;
        var gainsPassword = addsPassword && settings.SignIn.Password.Enabled;
        return wasSmsOnly && !keepsPhone && !gainsPassword ? PhoneIsOnlyWayIn : null;
    }

    /// <summary>Removes a factor <see cref="Refusal"/> allowed: totp takes the recovery codes with it.</summary>
    public static void Remove(PlatformUser user, string factor)
    {
        switch (factor)
        {
            case MfaFactor.Totp:
                user.TotpSecretProtected = null;
                user.TotpLastStep = 0;
                user.RecoveryCodeHashes = null;
                break;
            case MfaFactor.Email:
                user.EmailMfaEnabled = false;
                break;
            case MfaFactor.Sms:
                user.PhoneNumber = null;
                user.PhoneNumberConfirmed = false;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(factor), factor, "Not a removable factor.");
        }
    }

    /// <summary>
    /// An admin's MFA reset (SPEC 7, for a user who lost their authenticator): every second factor goes. A user whose
    /// only first factor is SMS is not locked out: they enroll TOTP again at their next SMS sign-in (S2), which the
    /// admin vouches for by resetting; where the tenant cannot offer that, the reset is refused (the reason returned).
    /// Anyone else enrolls at the next sign-in that needs a factor, after their password.
    /// </summary>
    public static string? Reset(PlatformUser user, TenantSettings settings)
    {
        var smsOnly = SmsIsOnlyFirstFactor(user, settings);
        if (smsOnly && settings.SignIn.Sms.RequireSecondFactor && !settings.Mfa.Factors.Contains(MfaFactor.Totp))
        {
            return ResetWouldLockOut;
        }
        Remove(user, MfaFactor.Totp);
        Remove(user, MfaFactor.Email);
        user.PendingTotpEnrollment = smsOnly;
        return null;
    }

    /// <summary>A verified phone, and no password nor passkey sign-in the tenant accepts: SMS is the only way in.</summary>
    public static bool SmsIsOnlyFirstFactor(PlatformUser user, TenantSettings settings) =>
        user.PhoneNumberConfirmed && user.PhoneNumber is not null
        && !PasswordIsFirstFactor(user, settings) && !PasskeyIsFirstFactor(user, settings);

    private static bool PasswordIsFirstFactor(PlatformUser user, TenantSettings settings) =>
        user.PasswordHash is not null && settings.SignIn.Password.Enabled;

    private static bool PasskeyIsFirstFactor(PlatformUser user, TenantSettings settings) =>
        user.PasskeyCount > 0 && settings.SignIn.Passkey.Enabled;

    // The non-SMS factors that count after SMS: enrolled, and accepted by the tenant (recovery codes are only a fallback).
    private static IEnumerable<string> NonSmsFactors(PlatformUser user, TenantSettings settings) =>
        UserFactors.Of(user).Where(f => MfaFactor.NonSms.Contains(f) && settings.Mfa.Factors.Contains(f));
}
