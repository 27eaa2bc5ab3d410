namespace IdentityServer.Account.SelfService;

/// <summary>What became of a self-service email request: the same answer for known and unknown addresses, or a limit.</summary>
internal abstract record SelfServiceSend
{
    public sealed record Sent : SelfServiceSend;

    public sealed record Limited(int RetryAfter) : SelfServiceSend;
}
