using IdentityServer.Data;

namespace IdentityServer.CodeDelivery;

internal enum CodeChannel
{
    Sms,
    Email,
}

/// <summary>A counter a send is checked against and counted on: its key, its hourly limit and the refusal reason.</summary>
internal readonly record struct SendCounter(string Key, int PerHour, string Reason);

/// <summary>A purpose's cooldown and per-recipient hourly limit (the phone's limit for SMS; email addresses use a counter).</summary>
internal sealed record RecipientLimits(int CooldownSeconds, int PerRecipientPerHour);

/// <summary>
/// One code to send (issue 13 point 2: one code sender): where it goes, its limits, what is stored
/// with it and the message carrying it. Built by <see cref="CodeSends"/> for each purpose.
/// </summary>
internal sealed class CodeSend
{
    public required CodeChannel Channel { get; init; }
    /// <summary>E.164 for SMS, the address for email.</summary>
    public required string Recipient { get; init; }
    public required RecipientLimits Limits { get; init; }
    /// <summary>At most three (SendLimits reads them in one query).</summary>
    public required IReadOnlyList<SendCounter> Counters { get; init; }
    /// <summary>Who asked, for the audit events.</summary>
    public required string Actor { get; init; }
    /// <summary>The audit action of a refusal (with its reason and the masked recipient).</summary>
    public required string RefusedAction { get; init; }
    /// <summary>The stored code for SMS (it is also the phone's send log); its CodeHash is set from <see cref="Code"/>.</summary>
    public OneTimeCode? Row { get; init; }
    public required string Code { get; init; }
    /// <summary>The message, or null when nothing is sent (a code that cannot be used, a test number): the send still counts.</summary>
    public object? Message { get; init; }
    /// <summary>
    /// Runs in the serialized transaction once the limits passed: queues what is saved with the code
    /// (audit events), or claims a per-purpose allowance atomically (the ticket's cap); false refuses.
    /// </summary>
    public Func<CancellationToken, Task<bool>>? Reserve { get; init; }
    /// <summary>Undoes <see cref="Reserve"/> when the provider refused the message.</summary>
    public Func<CancellationToken, Task>? Release { get; init; }
}

/// <summary>What became of a send.</summary>
internal abstract record CodeSendResult
{
    public sealed record Sent : CodeSendResult;

    /// <summary>A limit or the cooldown: try again after <paramref name="RetryAfter"/> seconds.</summary>
    public sealed record Limited(int RetryAfter, string Reason) : CodeSendResult
    {
        public bool IsCooldown => Reason == "cooldown";
    }

    /// <summary>The purpose's own allowance was used up (<see cref="CodeSend.Reserve"/> said no).</summary>
    public sealed record Refused : CodeSendResult;

    /// <summary>The provider refused the message (its circuit is open, or it failed); the code was voided.</summary>
    public sealed record Undelivered : CodeSendResult;
}
