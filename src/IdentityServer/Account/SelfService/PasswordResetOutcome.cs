namespace IdentityServer.Account.SelfService;

/// <summary>What became of a reset: done, a link that no longer works, or a password the validators refused.</summary>
internal abstract record PasswordResetOutcome
{
    public sealed record Done : PasswordResetOutcome;

    public sealed record InvalidLink : PasswordResetOutcome;

    public sealed record Refused(IReadOnlyList<string> Errors) : PasswordResetOutcome;
}
