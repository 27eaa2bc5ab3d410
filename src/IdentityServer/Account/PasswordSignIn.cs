using IdentityServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityServer.Account;

/// <summary>
/// Checks an email and password for the hosted sign-in page (the only password path; the admin
/// app signs in through it too). Issue 12 point 2: every try takes one of the
/// <c>MaxFailedAccessAttempts</c> slots with one conditional UPDATE before the password is
/// compared, so parallel tries cannot pass the limit and no read-modify-write of the user row
/// (Identity's AccessFailedAsync with its ConcurrencyStamp) can fail with a concurrency error.
/// Point 7: unknown, disabled and locked accounts cost one password hash too (no timing oracle).
/// </summary>
internal sealed class PasswordSignIn(
    UserManager<PlatformUser> users, IPasswordHasher<PlatformUser> hasher, PlatformDbContext db, IOptions<IdentityOptions> identity,
    TimeProvider time)
{
    private static string? _dummyHash;

    /// <summary>The user when the password is right and the account may sign in; null for every failure alike.</summary>
    public async Task<PlatformUser?> CheckAsync(string? email, string? password, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(email) || email.Length > 254 ? null : await users.FindByEmailAsync(email);
        return await CheckUserAsync(user, password, ct) ? user : null;
    }

    /// <summary>
    /// The same check for a user already known (the security page's current password): a wrong one
    /// counts towards the lockout like a wrong sign-in, and a locked account is refused.
    /// </summary>
    public async Task<bool> CheckUserAsync(PlatformUser? user, string? password, CancellationToken ct)
    {
        password ??= "";
        if (user is null || user.Disabled || user.PasswordHash is null || password.Length is 0 or > 256
            || !await TakeAttemptAsync(user, ct))
        {
            CompareWithDummy(password);
            return false;
        }
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            // The attempt was counted when it was taken.
            return false;
        }
        await ResetAsync(user, result == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null, ct);
        return true;
    }

    /// <summary>
    /// Takes one attempt unless the account is locked: the try that reaches the limit locks it
    /// (and restarts the count for after the lockout). One statement, atomic on every provider.
    /// </summary>
    private async Task<bool> TakeAttemptAsync(PlatformUser user, CancellationToken ct)
    {
        if (!user.LockoutEnabled)
        {
            return true;
        }
        var lockout = identity.Value.Lockout;
        var now = time.GetUtcNow();
        DateTimeOffset? until = now + lockout.DefaultLockoutTimeSpan;
        var max = lockout.MaxFailedAccessAttempts;
        var taken = await db.Users
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= max ? until : u.LockoutEnd)
                .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1 >= max ? 0 : u.AccessFailedCount + 1), ct);
        return taken == 1;
    }

    // A right password clears the count and any lockout its own parallel tries set.
    private async Task ResetAsync(PlatformUser user, string? rehashed, CancellationToken ct)
    {
        // The object too: a save of it afterwards (the security page's password change) must not bring the count back.
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        var query = db.Users.Where(u => u.Id == user.Id);
        if (rehashed is null)
        {
            await query.ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
            return;
        }
        var old = user.PasswordHash;
        await query.ExecuteUpdateAsync(s => s
            .SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
            .SetProperty(u => u.PasswordHash, u => u.PasswordHash == old ? rehashed : u.PasswordHash), ct);
    }

    // The same work as a real comparison, for accounts that cannot sign in.
    private void CompareWithDummy(string password)
    {
        var probe = new PlatformUser();
        _dummyHash ??= hasher.HashPassword(probe, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(probe, _dummyHash, password);
    }
}
