namespace IdentityServer.Mfa.Policy;

/// <summary>
/// SPEC 6, sign-in decisions: one pure function of (tenant policy, user's factors, first factor).
/// No database, clock or HTTP. Each branch names the rule it applies.
/// </summary>
internal static class MfaPolicyEngine
{
    // Factors that can be enrolled in the flow, in the order they are offered.
    private static readonly string[] EnrollableOrder = [MfaFactor.Totp, MfaFactor.WebAuthn, MfaFactor.Email, MfaFactor.Sms];
    private static readonly string[] ChallengeOrder = [MfaFactor.WebAuthn, MfaFactor.Totp, MfaFactor.Email, MfaFactor.Sms, MfaFactor.RecoveryCode];

    public static MfaDecision Decide(MfaPolicy policy, SignInContext user)
    {
        if (user.FirstFactor == FirstFactors.Passkey)
        {
            // K0: passkey sign-in that the tenant has off is not available.
            if (!policy.PasskeySignInEnabled)
            {
                return new MfaDecision.Deny("Passkey sign-in is not enabled for this tenant.", "K0");
            }
            // K1: a passkey verified with PIN or biometric is two factors in one step: it meets every enforcement and step-up.
            return new MfaDecision.Allow("K1");
        }
        // S0: SMS sign-in that is off, or whose stored settings break P1, is not available at all.
        if (user.FirstFactor == FirstFactors.Sms && !SmsSignInAvailable(policy))
        {
            return new MfaDecision.Deny("SMS sign-in is not enabled for this tenant.", "S0");
        }
        var usable = Usable(policy, user);
        if (user.FirstFactor == FirstFactors.Sms && policy.RequireSecondFactor)
        {
            // S1: SMS first needs a non-SMS second factor the user has and the tenant allows.
            if (usable.Any(f => f != MfaFactor.RecoveryCode))
            {
                return new MfaDecision.RequireSecondFactor(usable, "S1");
            }
            // S2 (P4): a user created by SMS sign-up enrolls TOTP or a passkey in the flow, as the tenant allows, again until done.
            var inFlow = MfaFactor.InFlowSignUp.Where(policy.Factors.Contains).ToList();
            if (user.PendingSignUpEnrollment && inFlow.Count > 0)
            {
                return new MfaDecision.RequireEnrollment(inFlow, "S2");
            }
            // S3: anyone else without a non-SMS factor cannot use SMS sign-in.
            return new MfaDecision.Deny("SMS sign-in needs a second factor (TOTP, email or a passkey) on the account.", "S3");
        }
        // S4 (SMS first, requirement off) and the password rules W-off/W-optional/W-required share the enforcement table.
        var enforcement = user.StepUpRequested ? MfaEnforcement.Required : policy.Enforcement;
        var rule = user.FirstFactor == FirstFactors.Sms ? "S4" : "W";
        switch (enforcement)
        {
            case MfaEnforcement.Off:
                return new MfaDecision.Allow($"{rule}-off");
            case MfaEnforcement.Optional:
                return usable.Count > 0 ? new MfaDecision.RequireSecondFactor(usable, $"{rule}-optional")
                    : new MfaDecision.Allow($"{rule}-optional");
            default:
                if (usable.Any(f => f != MfaFactor.RecoveryCode))
                {
                    return new MfaDecision.RequireSecondFactor(usable, $"{rule}-required");
                }
                var enrollable = EnrollableOrder.Where(f => policy.Factors.Contains(f) && f != user.FirstFactor).ToList();
                return enrollable.Count > 0
                    ? new MfaDecision.RequireEnrollment(enrollable, $"{rule}-required")
                    : new MfaDecision.Deny("MFA is required but no factor can be enrolled.", $"{rule}-required");
        }
    }

    /// <summary>P1 read at sign-in time: settings that break it (a manual database edit) mean SMS sign-in is off.</summary>
    public static bool SmsSignInAvailable(MfaPolicy policy) => policy.SmsSignInEnabled && HoldsP1(policy);

    /// <summary>
    /// P1, its one home: where SMS sign-in requires a second factor, a non-SMS factor (TOTP, email, a passkey) is enabled to be one
    /// (SettingsRules refuses a change that breaks it; the sign-in reads it through SmsSignInAvailable).
    /// </summary>
    public static bool HoldsP1(MfaPolicy policy) =>
        !policy.RequireSecondFactor || policy.Factors.Any(MfaFactor.NonSms.Contains);

    // The second factor is never the first one; recovery codes only stand beside a real factor.
    private static List<string> Usable(MfaPolicy policy, SignInContext user)
    {
        var usable = ChallengeOrder
            .Where(f => user.EnrolledFactors.Contains(f) && policy.Factors.Contains(f) && f != user.FirstFactor)
            .ToList();
        return usable.Any(f => f != MfaFactor.RecoveryCode) ? usable : [];
    }
}
