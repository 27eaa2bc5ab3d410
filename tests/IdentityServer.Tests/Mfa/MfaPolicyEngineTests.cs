using IdentityServer.Mfa;

namespace IdentityServer.Tests.Mfa;

/// <summary>One row per rule of SPEC 6 and per combination that matters.</summary>
public sealed class MfaPolicyEngineTests
{
    private const string All = "totp,recovery_code,email";

    // sms_on, require_2f, enforcement, tenant factors, user factors, first factor, pending sign-up, step-up => decision kind, methods, rule
    public static IEnumerable<object[]> Rows => new object[][]
    {
        // S0: SMS off, or stored settings breaking P1, deny SMS as a first factor.
        [false, true, "optional", All, "totp", "sms", false, false, "Deny", "", "S0"],
        [true, true, "optional", "recovery_code,sms", "totp", "sms", false, false, "Deny", "", "S0"],
        // S1: SMS first + requirement: a non-SMS factor the user has and the tenant allows; recovery codes as fallback.
        [true, true, "off", All, "totp", "sms", false, false, "RequireSecondFactor", "totp", "S1"],
        [true, true, "optional", All, "totp,recovery_code", "sms", false, false, "RequireSecondFactor", "totp,recovery_code", "S1"],
        [true, true, "required", All, "email", "sms", false, false, "RequireSecondFactor", "email", "S1"],
        [true, true, "optional", "totp,recovery_code", "email,totp", "sms", false, false, "RequireSecondFactor", "totp", "S1"],
        // The second factor is never the first: a user whose only factor is SMS has nothing to offer.
        [true, true, "optional", "totp,email,sms", "sms", "sms", false, false, "Deny", "", "S3"],
        // Recovery codes alone are not a factor.
        [true, true, "optional", All, "recovery_code", "sms", false, false, "Deny", "", "S3"],
        // A factor the tenant does not allow does not count.
        [true, true, "optional", "totp,recovery_code", "email", "sms", false, false, "Deny", "", "S3"],
        // S2: a user created by SMS sign-up enrolls TOTP in the flow, again at the next sign-in until done.
        [true, true, "optional", All, "", "sms", true, false, "RequireEnrollment", "totp", "S2"],
        [true, true, "optional", All, "recovery_code", "sms", true, false, "RequireEnrollment", "totp", "S2"],
        // S3: an existing user without a non-SMS factor cannot use SMS sign-in.
        [true, true, "optional", All, "", "sms", false, false, "Deny", "", "S3"],
        // S4: SMS first, requirement off: as mfa.enforcement says.
        [true, false, "off", All, "totp", "sms", false, false, "Allow", "", "S4-off"],
        [true, false, "optional", All, "", "sms", false, false, "Allow", "", "S4-optional"],
        [true, false, "optional", All, "totp", "sms", false, false, "RequireSecondFactor", "totp", "S4-optional"],
        [true, false, "required", All, "", "sms", false, false, "RequireEnrollment", "totp,email", "S4-required"],
        [true, false, "required", All, "email", "sms", false, false, "RequireSecondFactor", "email", "S4-required"],
        // Password first: off allows; optional challenges users with a factor; required challenges or enrolls.
        [false, true, "off", All, "totp", "pwd", false, false, "Allow", "", "W-off"],
        [false, true, "optional", All, "", "pwd", false, false, "Allow", "", "W-optional"],
        [false, true, "optional", All, "totp,recovery_code", "pwd", false, false, "RequireSecondFactor", "totp,recovery_code", "W-optional"],
        [false, true, "optional", "totp,email,sms,recovery_code", "sms", "pwd", false, false, "RequireSecondFactor", "sms", "W-optional"],
        [false, true, "required", All, "", "pwd", false, false, "RequireEnrollment", "totp,email", "W-required"],
        [false, true, "required", "email,recovery_code", "", "pwd", false, false, "RequireEnrollment", "email", "W-required"],
        [false, true, "required", All, "email", "pwd", false, false, "RequireSecondFactor", "email", "W-required"],
        [false, true, "required", "recovery_code", "", "pwd", false, false, "Deny", "", "W-required"],
        // Step-up (acr_values asking for MFA) forces a second factor even where enforcement is off.
        [false, true, "off", All, "totp", "pwd", false, true, "RequireSecondFactor", "totp", "W-required"],
        [false, true, "off", All, "", "pwd", false, true, "RequireEnrollment", "totp,email", "W-required"],
        [true, false, "off", All, "totp", "sms", false, true, "RequireSecondFactor", "totp", "S4-required"],
        // Issue 16: webauthn is a non-SMS factor, offered first; it satisfies S1 alone, and P1 read at sign-in time.
        [true, true, "optional", "webauthn,totp,recovery_code", "webauthn,totp,recovery_code", "sms", false, false, "RequireSecondFactor", "webauthn,totp,recovery_code", "S1"],
        [true, true, "optional", "webauthn,recovery_code", "webauthn", "sms", false, false, "RequireSecondFactor", "webauthn", "S1"],
        // A passkey the tenant does not accept as a factor does not count.
        [true, true, "optional", All, "webauthn", "sms", false, false, "Deny", "", "S3"],
        // S2 (P4): new SMS users enroll what the tenant allows of totp and webauthn, never email.
        [true, true, "optional", "totp,webauthn,recovery_code,email", "", "sms", true, false, "RequireEnrollment", "totp,webauthn", "S2"],
        [true, true, "optional", "webauthn,recovery_code", "", "sms", true, false, "RequireEnrollment", "webauthn", "S2"],
        [true, true, "optional", "email,recovery_code", "", "sms", true, false, "Deny", "", "S3"],
        // Password first: a passkey is asked for like any factor, and offered for enrollment after TOTP.
        [false, true, "optional", "webauthn,totp", "webauthn,totp", "pwd", false, false, "RequireSecondFactor", "webauthn,totp", "W-optional"],
        [false, true, "required", "webauthn,totp,email", "", "pwd", false, false, "RequireEnrollment", "totp,webauthn,email", "W-required"],
        [false, true, "required", "webauthn", "", "pwd", false, false, "RequireEnrollment", "webauthn", "W-required"],
        [true, false, "off", "webauthn,totp", "webauthn", "sms", false, true, "RequireSecondFactor", "webauthn", "S4-required"],
    };

    // passkey sign-in on, enforcement, tenant factors, step-up => decision kind, rule (first factor hwk: a passkey with user verification).
    public static IEnumerable<object[]> PasskeyFirstRows => new object[][]
    {
        // K0: passkey sign-in off at the tenant: not available.
        [false, "optional", All, false, "Deny", "K0"],
        [false, "off", "webauthn", false, "Deny", "K0"],
        // K1: a passkey with user verification is two factors in one: required MFA and step-up are met.
        [true, "off", All, false, "Allow", "K1"],
        [true, "required", "webauthn,totp", false, "Allow", "K1"],
        [true, "optional", All, true, "Allow", "K1"],
    };

    [Theory]
    [MemberData(nameof(PasskeyFirstRows))]
    public void Decide_PasskeyFirst_FollowsTheRuleOfItsRow(bool passkeyOn, string enforcement, string tenantFactors, bool stepUp, string kind, string rule)
    {
        var policy = new MfaPolicy(true, true, enforcement, Set(tenantFactors), passkeyOn);
        var decision = MfaPolicyEngine.Decide(policy, new SignInContext(Set("webauthn,totp"), FirstFactors.Passkey, false, stepUp));
        Assert.Equal(kind, decision.GetType().Name);
        Assert.Equal(rule, decision.Rule);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_FollowsTheRuleOfItsRow(bool smsOn, bool require2f, string enforcement, string tenantFactors, string userFactors,
        string firstFactor, bool pendingSignUp, bool stepUp, string kind, string methods, string rule)
    {
        var policy = new MfaPolicy(smsOn, require2f, enforcement, Set(tenantFactors));
        var decision = MfaPolicyEngine.Decide(policy, new SignInContext(Set(userFactors), firstFactor, pendingSignUp, stepUp));

        Assert.Equal(kind, decision.GetType().Name);
        Assert.Equal(rule, decision.Rule);
        var actual = decision switch
        {
            MfaDecision.RequireSecondFactor r => string.Join(',', r.Methods),
            MfaDecision.RequireEnrollment e => string.Join(',', e.Methods),
            _ => "",
        };
        Assert.Equal(methods, actual);
    }

    [Theory]
    [InlineData(true, true, "totp", true)]
    [InlineData(true, true, "email", true)]
    [InlineData(true, true, "recovery_code,sms", false)]
    [InlineData(true, false, "recovery_code", true)]
    [InlineData(false, false, "totp", false)]
    [InlineData(true, true, "webauthn,recovery_code", true)]
    public void SmsSignInAvailable_ReadsP1AtSignInTime(bool enabled, bool require2f, string factors, bool expected) =>
        Assert.Equal(expected, MfaPolicyEngine.SmsSignInAvailable(new MfaPolicy(enabled, require2f, "optional", Set(factors))));

    private static HashSet<string> Set(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
}
