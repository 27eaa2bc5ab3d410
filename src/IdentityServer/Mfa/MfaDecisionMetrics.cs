using IdentityServer.Telemetry;

namespace IdentityServer.Mfa;

/// <summary>Counts a policy engine decision (<c>idp.mfa.decisions</c>) with its rule; every path that asks the engine at sign-in calls it.</summary>
internal static class MfaDecisionMetrics
{
    public static void MfaDecided(this PlatformMetrics metrics, MfaDecision decision, string firstFactor) =>
        metrics.MfaDecided(decision switch
        {
            MfaDecision.Allow => "allow",
            MfaDecision.RequireSecondFactor => "second_factor",
            MfaDecision.RequireEnrollment => "enrollment",
            _ => "deny",
        }, decision.Rule, firstFactor);
}
