using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Mfa;

/// <summary>
/// SPEC 3: a user's consecutive failed second-factor attempts count across sign-ins; the 10th locks the
/// second factor for 15 minutes, doubling with each further lockout up to 24 hours; a success resets it.
/// Every attempt is counted before its code is checked, by a conditional UPDATE, so parallel tries can
/// never check more than the limit's worth of codes.
/// </summary>
internal sealed class MfaLockout(PlatformDbContext db, ISharedLockouts shared, TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan FirstLockout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LongestLockout = TimeSpan.FromHours(24);

    /// <summary>The length of the lockout after <paramref name="earlier"/> lockouts: 15 min doubled each time, at most 24 h.</summary>
    public static TimeSpan LengthAfter(int earlier) =>
        earlier >= 7 ? LongestLockout : TimeSpan.FromTicks(Math.Min(FirstLockout.Ticks << earlier, LongestLockout.Ticks));

    /// <summary>
    /// Counts one attempt as failed until <see cref="SucceededAsync"/> says otherwise. Refused: the second
    /// factor is locked (the code must not be checked). Locking: this attempt reached the limit and locked it.
    /// </summary>
    public async Task<MfaAttempt> BeginAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Many nodes with Redis: a locked user's attempt is refused there, without a database round trip.
        if (await shared.IsLockedAsync(userId, ct))
        {
            return MfaAttempt.Refused;
        }
        // Two conditional UPDATEs, each atomic: the one that reaches the limit locks, the others count.
        // When another request moves the count between them, both miss and the pair is tried again.
        for (var round = 0; round < 5; round++)
        {
            if (await LockAsync(userId, now, ct))
            {
                await ShareLockAsync(userId, ct);
                return MfaAttempt.Locking;
            }
            var counted = await db.Users
                .Where(u => u.Id == userId && u.MfaFailedCount < MaxFailures - 1 && (u.MfaLockedUntil == null || u.MfaLockedUntil <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.MfaFailedCount, u => u.MfaFailedCount + 1), ct);
            if (counted == 1)
            {
                return MfaAttempt.Counted;
            }
            if (!await db.Users.AnyAsync(u => u.Id == userId && (u.MfaLockedUntil == null || u.MfaLockedUntil <= now), ct))
            {
                await ShareLockAsync(userId, ct);
                return MfaAttempt.Refused;
            }
        }
        // Still racing after five rounds: refusing is the safe answer.
        return MfaAttempt.Refused;
    }

    /// <summary>A second factor was verified: the count, the lockout and its doubling start over.</summary>
    public Task SucceededAsync(string userId, CancellationToken ct) => ClearAsync(userId, ct);

    /// <summary>An admin ends a lockout (SPEC 7 users/{id}/mfa/unlock); the count and the doubling start over.</summary>
    public Task UnlockAsync(string userId, CancellationToken ct) => ClearAsync(userId, ct);

    /// <summary>Whether the user's second factor is locked now.</summary>
    public bool IsLocked(PlatformUser user) => user.MfaLockedUntil > time.GetUtcNow();

    private async Task ClearAsync(string userId, CancellationToken ct)
    {
        var cleared = await db.Users.Where(u => u.Id == userId && (u.MfaFailedCount != 0 || u.MfaLockoutCount != 0 || u.MfaLockedUntil != null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.MfaFailedCount, 0)
                .SetProperty(u => u.MfaLockoutCount, 0)
                .SetProperty(u => u.MfaLockedUntil, (DateTimeOffset?)null), ct);
        if (cleared > 0)
        {
            await shared.ClearedAsync(userId, ct);
        }
    }

    // The lockout as the database holds it, copied to the shared store (which keeps it at most a minute).
    private async Task ShareLockAsync(string userId, CancellationToken ct)
    {
        if (!shared.Active)
        {
            return;
        }
        var until = await db.Users.Where(u => u.Id == userId).Select(u => u.MfaLockedUntil).FirstOrDefaultAsync(ct);
        if (until is { } end)
        {
            await shared.LockedAsync(userId, end, ct);
        }
    }

    // The attempt that reaches the limit locks at once, before its code is checked: the length depends on the
    // lockouts so far, chosen in SQL so that the row is read and written in one statement.
    private async Task<bool> LockAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        DateTimeOffset? l0 = now + LengthAfter(0), l1 = now + LengthAfter(1), l2 = now + LengthAfter(2), l3 = now + LengthAfter(3),
            l4 = now + LengthAfter(4), l5 = now + LengthAfter(5), l6 = now + LengthAfter(6), l7 = now + LengthAfter(7);
        return await db.Users
            .Where(u => u.Id == userId && u.MfaFailedCount >= MaxFailures - 1 && (u.MfaLockedUntil == null || u.MfaLockedUntil <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.MfaFailedCount, 0)
                .SetProperty(u => u.MfaLockoutCount, u => u.MfaLockoutCount + 1)
                .SetProperty(u => u.MfaLockedUntil, u =>
                    u.MfaLockoutCount == 0 ? l0 : u.MfaLockoutCount == 1 ? l1 : u.MfaLockoutCount == 2 ? l2 : u.MfaLockoutCount == 3 ? l3
                    : u.MfaLockoutCount == 4 ? l4 : u.MfaLockoutCount == 5 ? l5 : u.MfaLockoutCount == 6 ? l6 : l7), ct) == 1;
    }
}
