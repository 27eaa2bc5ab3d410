using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Tests.Tenancy;

/// <summary>SPEC 6's invariants P1-P5 on the settings document, directly: one row per rule, each naming the key it refuses.</summary>
public sealed class SettingsRulesTests
{
    // The change each row makes to the defaults, by the row's name (a theory's data holds plain values only).
    private static readonly Dictionary<string, Action<TenantSettings>> Changes = new()
    {
        ["P1"] = s => { s.SignIn.Sms.Enabled = true; s.Mfa.Factors = [MfaFactor.RecoveryCode, MfaFactor.Sms]; },
        ["P2"] = s => { s.Mfa.Enforcement = MfaEnforcement.Required; s.Mfa.Factors = [MfaFactor.RecoveryCode]; },
        ["P3"] = s => { s.SignIn.Password.Enabled = false; s.SignIn.Sms.Enabled = false; },
        ["P4"] = s => { s.SignIn.Sms.Enabled = true; s.SignIn.Sms.SignUp = true; s.Mfa.Factors = [MfaFactor.Email]; },
        ["P5 code length"] = s => s.SignIn.Sms.CodeLength = 5,
        ["P5 lifetime"] = s => s.SignIn.Sms.CodeLifetimeSeconds = 601,
        ["P5 cooldown"] = s => s.SignIn.Sms.ResendCooldownSeconds = 14,
        ["P5 attempts"] = s => s.SignIn.Sms.MaxAttempts = 11,
        ["P5 sends"] = s => s.SignIn.Sms.MaxSendsPerPhonePerHour = 0,
        ["P5 name"] = s => s.DisplayName = new string('a', 201),
        ["P5 region"] = s => s.DefaultRegion = "XX",
        ["P5 country"] = s => s.SignIn.Sms.AllowedCountries = ["US", "ZZ"],
        ["P5 country twice"] = s => s.SignIn.Sms.AllowedCountries = ["US", "us"],
        ["P5 enforcement"] = s => s.Mfa.Enforcement = "sometimes",
        ["P5 factor"] = s => s.Mfa.Factors = [MfaFactor.Totp, "carrier_pigeon"],
        ["P5 factor twice"] = s => s.Mfa.Factors = [MfaFactor.Totp, MfaFactor.Totp],
        ["P5 test number"] = s => s.SignIn.Sms.TestNumbers = [new() { PhoneNumber = "+1 555 0100", Code = "123456" }],
        ["P5 test code"] = s => s.SignIn.Sms.TestNumbers = [new() { PhoneNumber = "+15555550100", Code = "12345" }],
    };

    public static TheoryData<string, string, string> Rows => new()
    {
        { "P1", "sign_in.sms.enabled", "P1:" },
        { "P2", "mfa.enforcement", "P2:" },
        { "P3", "sign_in", "P3:" },
        { "P4", "sign_in.sms.sign_up", "P4:" },
        { "P5 code length", "sign_in.sms.code_length", "between 6 and 8" },
        { "P5 lifetime", "sign_in.sms.code_lifetime_seconds", "between 60 and 600" },
        { "P5 cooldown", "sign_in.sms.resend_cooldown_seconds", "between 15 and 300" },
        { "P5 attempts", "sign_in.sms.max_attempts", "between 3 and 10" },
        { "P5 sends", "sign_in.sms.max_sends_per_phone_per_hour", "between 1 and 20" },
        { "P5 name", "display_name", "at most 200" },
        { "P5 region", "default_region", "'XX' is not an ISO 3166" },
        { "P5 country", "sign_in.sms.allowed_countries", "'ZZ' is not an ISO 3166" },
        { "P5 country twice", "sign_in.sms.allowed_countries", "each country once" },
        { "P5 enforcement", "mfa.enforcement", "off, optional or required" },
        { "P5 factor", "mfa.factors", "'carrier_pigeon' is not a factor" },
        { "P5 factor twice", "mfa.factors", "each factor once" },
        { "P5 test number", "sign_in.sms.test_numbers", "not a valid E.164" },
        { "P5 test code", "sign_in.sms.test_numbers", "has 6 digits" },
    };

    [Fact]
    public void The_defaults_break_no_rule() => Assert.Empty(SettingsRules.Check(new TenantSettings()));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_rule_refuses_its_key(string rule, string key, string message)
    {
        var settings = new TenantSettings();
        Changes[rule](settings);

        var errors = SettingsRules.Check(settings);

        Assert.True(errors.ContainsKey(key), $"{rule}: expected an error on {key}, got {string.Join(", ", errors.Keys)}");
        Assert.Single(errors);
        Assert.Contains(errors[key], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, true, new[] { MfaFactor.Totp }, true)]
    [InlineData(true, true, new[] { MfaFactor.Email }, true)]
    [InlineData(true, true, new[] { MfaFactor.Sms, MfaFactor.RecoveryCode }, false)]
    [InlineData(true, false, new[] { MfaFactor.RecoveryCode }, true)] // no second factor required: P1 holds
    [InlineData(false, true, new[] { MfaFactor.RecoveryCode }, true)] // SMS off: P1 does not apply
    public void P1_is_the_engines_rule_on_change_and_at_sign_in(bool smsOn, bool require2f, string[] factors, bool holds)
    {
        var settings = new TenantSettings { SignIn = { Sms = { Enabled = smsOn, RequireSecondFactor = require2f } }, Mfa = { Factors = [.. factors] } };

        Assert.Equal(holds, !SettingsRules.Check(settings).ContainsKey("sign_in.sms.enabled"));
        Assert.Equal(smsOn && holds, MfaPolicyEngine.SmsSignInAvailable(settings.ToMfaPolicy()));
    }
}
