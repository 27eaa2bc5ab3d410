using IdentityPlatform.Shared.Phones;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Mfa;
using IdentityServer.SmsSignIn;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Account;

/// <summary>
/// The one home of the per-user phone rules of SPEC 6 (issue 12 point 11): every path that sets a
/// phone (the users API, the phone API, the account security page) calls this type.
/// A phone is valid as SMS sign-in reads it (<see cref="PhoneNumberParser"/>, the tenant's region and countries);
/// U1: where the tenant requires a second factor for SMS, a phone only after a non-SMS factor;
/// U2: the owner is emailed when SMS sign-in is set up on the account.
/// </summary>
internal sealed class SmsSignInPhone(TenantContext tenant, IEmailSender email)
{
    public const string SecondFactorRequired =
        "U1: this user needs a non-SMS second factor (TOTP, email or a passkey) before a phone can be added for SMS sign-in.";

    /// <summary>A phone about to be added (before a code is texted to it): valid, and allowed by U1.</summary>
    public PhoneCheck Check(PlatformUser user, string? rawPhone)
    {
        var settings = tenant.Settings;
        var phone = PhoneNumberParser.Parse(rawPhone, settings.DefaultRegion, settings.SignIn.Sms.AllowedCountries);
        if (phone.E164 is null)
        {
            return new PhoneCheck.Invalid(phone.Error!);
        }
        return Allowed(user, settings) ? new PhoneCheck.Accepted(phone.E164, false) : new PhoneCheck.NeedsSecondFactor();
    }

    /// <summary>
    /// Applies an admin's change of phone number and/or its verified flag to the user in memory
    /// (the caller saves), under the same rules; Accepted.NoticeDue says U2's email is due after the save.
    /// A new number is unverified unless the change says it is verified.
    /// </summary>
    public PhoneCheck Apply(PlatformUser user, string? rawPhone, bool? verified)
    {
        var e164 = user.PhoneNumber;
        if (rawPhone is not null)
        {
            var settings = tenant.Settings;
            var phone = PhoneNumberParser.Parse(rawPhone, settings.DefaultRegion, settings.SignIn.Sms.AllowedCountries);
            if (phone.E164 is null)
            {
                return new PhoneCheck.Invalid(phone.Error!);
            }
            e164 = phone.E164;
        }
        var changed = e164 != user.PhoneNumber;
        var nowVerified = e164 is not null && (verified ?? (!changed && user.PhoneNumberConfirmed));
        var setsUp = e164 is not null && (changed || (nowVerified && !user.PhoneNumberConfirmed));
        if (setsUp && !Allowed(user, tenant.Settings))
        {
            return new PhoneCheck.NeedsSecondFactor();
        }
        user.PhoneNumber = e164;
        user.PhoneNumberConfirmed = nowVerified;
        return new PhoneCheck.Accepted(e164 ?? "", setsUp && nowVerified);
    }

    // U1: SMS cannot become the only way in.
    private static bool Allowed(PlatformUser user, TenantSettings settings) =>
        !settings.SignIn.Sms.RequireSecondFactor || UserFactors.Of(user).Any(MfaFactor.NonSms.Contains);

    /// <summary>
    /// U2: when SMS sign-in is set up on an account, its owner hears of it by email, so a phone
    /// added by someone else does not go unnoticed. A failed email does not undo the change.
    /// </summary>
    public async Task NotifyAsync(PlatformUser user, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(user.Email) || user.PhoneNumber is null)
        {
            return;
        }
        var name = tenant.Required.DisplayName;
        await email.SendAsync(new EmailMessage(user.Email, $"Sign-in by text message is set up on your {name} account",
            $"Sign-in by text message to {PhoneMask.Mask(user.PhoneNumber)} was set up on your {name} account.\n\n" +
            "If this was not you, change your password and remove the phone from your account's security page, or contact your administrator.",
            null, tenant.RequiredTenantId), ct);
    }
}
