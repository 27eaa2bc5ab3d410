namespace IdentityServer.CodeDelivery;

/// <summary>
/// A shared store of the send limits in front of the database (Redis in a deployment of many nodes):
/// it checks and counts a send in one atomic step and refuses over-limit sends before the database's
/// serialized transaction is taken. The database still checks and counts every send, so a store that is
/// missing, down or emptied never lets a send pass a limit; it can only refuse earlier.
/// </summary>
internal interface ISharedSendLimits
{
    /// <summary>The wait in seconds and the reason when the store refuses; null when it allows or cannot answer.</summary>
    Task<(int Wait, string Reason)?> CheckAndCountAsync(CodeSend send, CancellationToken ct);
}

/// <summary>One node, or no Redis: the database alone decides.</summary>
internal sealed class NoSharedSendLimits : ISharedSendLimits
{
    public Task<(int Wait, string Reason)?> CheckAndCountAsync(CodeSend send, CancellationToken ct) =>
        Task.FromResult<(int, string)?>(null);
}
