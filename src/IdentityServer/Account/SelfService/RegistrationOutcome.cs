namespace IdentityServer.Account.SelfService;

/// <summary>What became of a registration: the one answer for every address (or a limit), or a password the rules refused.</summary>
internal abstract record RegistrationOutcome
{
    public sealed record Sent(SelfServiceSend Send) : RegistrationOutcome;

    public sealed record Refused(IReadOnlyList<string> Errors) : RegistrationOutcome;
}
