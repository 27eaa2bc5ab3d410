namespace IdentityServer.Mfa.Policy;

/// <summary>The engine's answer, with the rule that produced it (for audit and the admin app).</summary>
internal abstract record MfaDecision(string Rule)
{
    public sealed record Allow(string Rule) : MfaDecision(Rule);

    /// <summary>Complete the sign-in with one of <paramref name="Methods"/> (never the first factor).</summary>
    public sealed record RequireSecondFactor(IReadOnlyList<string> Methods, string Rule) : MfaDecision(Rule);

    /// <summary>Enroll one of <paramref name="Methods"/> in the flow, then complete with it.</summary>
    public sealed record RequireEnrollment(IReadOnlyList<string> Methods, string Rule) : MfaDecision(Rule);

    public sealed record Deny(string Reason, string Rule) : MfaDecision(Rule);
}
