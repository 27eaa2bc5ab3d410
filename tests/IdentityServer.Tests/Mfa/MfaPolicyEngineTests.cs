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
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_FollowsTheRuleOfItsRow(bool smsOn, bool require2f, string enforcement, string tenantFactors, string userFactors,
        string firstFactor, bool pendingSignUp, bool stepUp, string kind, string methods, string rule)
    {
        var policy = new MfaPolicy(smsOn, SmsSignUp: true, require2f, enforcement, Set(tenantFactors));
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
    public void SmsSignInAvailable_ReadsP1AtSignInTime(bool enabled, bool require2f, string factors, bool expected) =>
        Assert.Equal(expected, MfaPolicyEngine.SmsSignInAvailable(new MfaPolicy(enabled, false, require2f, "optional", Set(factors))));

    private static HashSet<string> Set(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
}
