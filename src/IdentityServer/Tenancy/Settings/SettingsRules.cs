using IdentityPlatform.Shared.Phones;
using PhoneNumbers;

namespace IdentityServer.Tenancy.Settings;

/// <summary>
/// The invariants P1-P5 of SPEC section 6, checked on every change. Pure: the same answer for
/// the management API and the admin app. Each error names its rule.
/// </summary>
internal static class SettingsRules
{
    public const int MaxCountries = 250;
    public const int MaxTestNumbers = 50;
    /// <summary>Longer than the 2 days a next key is published before it signs (Keys:PublishAhead may not exceed it).</summary>
    public const int MinRotationPeriodDays = 7;

    private static readonly HashSet<string> Regions = PhoneNumberUtil.GetInstance().GetSupportedRegions().ToHashSet();

    public static Dictionary<string, string[]> Check(TenantSettings s)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }
            list.Add(message);
        }

        CheckRanges(s, Add);
        var sms = s.SignIn.Sms;
        var factors = s.Mfa.Factors;
        // P1: SMS cannot be the only method (the rule's one home is the policy engine).
        if (sms.Enabled && !MfaPolicyEngine.HoldsP1(s.ToMfaPolicy()))
        {
            Add("sign_in.sms.enabled", "P1: SMS sign-in needs TOTP, email or webauthn enabled as a second factor.");
        }
        // P2: a required second factor needs a real factor, not only backup codes.
        if (s.Mfa.Enforcement == MfaEnforcement.Required && !factors.Any(f => f != MfaFactor.RecoveryCode))
        {
            Add("mfa.enforcement", "P2: required MFA needs at least one factor other than recovery_code.");
        }
        // P3: someone must still be able to sign in.
        if (!s.SignIn.Password.Enabled && !sms.Enabled && !s.SignIn.Passkey.Enabled)
        {
            Add("sign_in", "P3: at least one first factor (password, SMS or passkey) must stay enabled.");
        }
        // P4: new SMS users enroll TOTP or a passkey in the flow.
        if (sms.Enabled && sms.SignUp && sms.RequireSecondFactor && !factors.Any(MfaFactor.InFlowSignUp.Contains))
        {
            Add("sign_in.sms.sign_up", "P4: SMS sign-up with a required second factor needs totp or webauthn among the factors.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    // P5: numbers within their ranges; valid country codes; valid test numbers.
    private static void CheckRanges(TenantSettings s, Action<string, string> add)
    {
        var sms = s.SignIn.Sms;
        Range(add, "sign_in.sms.code_length", sms.CodeLength, 6, 8);
        Range(add, "sign_in.sms.code_lifetime_seconds", sms.CodeLifetimeSeconds, 60, 600);
        Range(add, "sign_in.sms.resend_cooldown_seconds", sms.ResendCooldownSeconds, 15, 300);
        Range(add, "sign_in.sms.max_attempts", sms.MaxAttempts, 3, 10);
        Range(add, "sign_in.sms.max_sends_per_phone_per_hour", sms.MaxSendsPerPhonePerHour, 1, 20);
        Range(add, "signing_keys.rotation_period_days", s.SigningKeys.RotationPeriodDays, MinRotationPeriodDays, 730);
        Range(add, "audit.retention_days", s.Audit.RetentionDays, 1, 3650);
        if (s.SigningKeys.Algorithm is not ("RS256" or "ES256"))
        {
            add("signing_keys.algorithm", "P5: signing_keys.algorithm is RS256 or ES256.");
        }
        if (s.DisplayName is { Length: > 200 })
        {
            add("display_name", "P5: display_name is at most 200 characters.");
        }
        if (!Regions.Contains(s.DefaultRegion ?? ""))
        {
            add("default_region", $"P5: default_region '{s.DefaultRegion}' is not an ISO 3166 alpha-2 country code.");
        }
        // Lists are bounded (issue 12 point 14): a settings document stays small.
        if (sms.AllowedCountries?.Count > MaxCountries)
        {
            add("sign_in.sms.allowed_countries", $"P5: allowed_countries has at most {MaxCountries} countries.");
        }
        if (sms.AllowedCountries?.Distinct(StringComparer.OrdinalIgnoreCase).Count() < sms.AllowedCountries?.Count)
        {
            add("sign_in.sms.allowed_countries", "P5: allowed_countries names each country once.");
        }
        if (sms.TestNumbers?.Count > MaxTestNumbers)
        {
            add("sign_in.sms.test_numbers", $"P5: test_numbers has at most {MaxTestNumbers} numbers.");
        }
        if (sms.TestNumbers?.Select(t => t?.PhoneNumber).Distinct().Count() < sms.TestNumbers?.Count)
        {
            add("sign_in.sms.test_numbers", "P5: test_numbers lists each phone number once.");
        }
        if (s.Mfa.Factors?.Distinct().Count() < s.Mfa.Factors?.Count)
        {
            add("mfa.factors", "P5: mfa.factors names each factor once.");
        }
        foreach (var country in (sms.AllowedCountries ?? []).Take(MaxCountries + 1))
        {
            if (!Regions.Contains(country ?? ""))
            {
                add("sign_in.sms.allowed_countries", $"P5: '{country}' is not an ISO 3166 alpha-2 country code.");
            }
        }
        if (!MfaEnforcement.All.Contains(s.Mfa.Enforcement ?? ""))
        {
            add("mfa.enforcement", "P5: mfa.enforcement is off, optional or required.");
        }
        foreach (var factor in (s.Mfa.Factors ?? []).Take(MfaFactor.All.Count + 1))
        {
            if (!MfaFactor.All.Contains(factor ?? ""))
            {
                add("mfa.factors", $"P5: '{factor}' is not a factor (totp, recovery_code, email, sms, webauthn).");
            }
        }
        foreach (var test in (sms.TestNumbers ?? []).Take(MaxTestNumbers + 1))
        {
            if (!PhoneNumberParser.IsTestNumber(test?.PhoneNumber))
            {
                add("sign_in.sms.test_numbers", $"P5: test number '{test?.PhoneNumber}' is not a valid E.164 number.");
            }
            if (test?.Code is null || test.Code.Length != sms.CodeLength || !test.Code.All(char.IsAsciiDigit))
            {
                add("sign_in.sms.test_numbers", $"P5: the code of a test number has {sms.CodeLength} digits.");
            }
        }
    }

    private static void Range(Action<string, string> add, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            add(key, $"P5: {key} must be between {min} and {max}.");
        }
    }
}
