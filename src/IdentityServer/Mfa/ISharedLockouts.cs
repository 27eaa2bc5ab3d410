namespace IdentityServer.Mfa;

/// <summary>
/// A shared copy of second-factor lockouts in front of the database (Redis in a deployment of many
/// nodes): a locked user's attempts are refused without a database round trip. The database stays the
/// record (<see cref="MfaLockout"/> counts and locks there), so a store that is missing or down never
/// unlocks anyone; an entry lives at most a minute, so an unlock the store missed is seen within one.
/// </summary>
internal interface ISharedLockouts
{
    /// <summary>False when there is no shared store: nothing is copied to it.</summary>
    bool Active { get; }

    Task<bool> IsLockedAsync(string userId, CancellationToken ct);

    Task LockedAsync(string userId, DateTimeOffset until, CancellationToken ct);

    Task ClearedAsync(string userId, CancellationToken ct);
}

/// <summary>One node, or no Redis: the database alone decides.</summary>
internal sealed class NoSharedLockouts : ISharedLockouts
{
    public bool Active => false;

    public Task<bool> IsLockedAsync(string userId, CancellationToken ct) => Task.FromResult(false);

    public Task LockedAsync(string userId, DateTimeOffset until, CancellationToken ct) => Task.CompletedTask;

    public Task ClearedAsync(string userId, CancellationToken ct) => Task.CompletedTask;
}
