using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Data;

/// <summary>
/// The rows of one piece of work (a token grant, a page's SMS sign-in) written together, in one
/// transaction, by the one <see cref="CommitAsync"/> of whoever called <see cref="Begin"/>.
/// While a unit is open, the services it calls queue their rows instead of saving them
/// (<see cref="SaveAsync"/> waits for the commit, and so do Identity's user store and, on the hot
/// path, OpenIddict's token and authorization stores). Guards that decide a race (a counted code
/// try, a single-use ticket, the MFA lockout) are single conditional statements that run at once.
/// </summary>
internal sealed class UnitOfWork(PlatformDbContext db)
{
    /// <summary>True between <see cref="Begin"/> and <see cref="CommitAsync"/>.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Opens the unit: from now on the request's rows wait for <see cref="CommitAsync"/>.</summary>
    public void Begin()
    {
        if (IsOpen)
        {
            throw new InvalidOperationException("A unit of work is already open in this scope.");
        }
        IsOpen = true;
    }

    /// <summary>
    /// Saves what the caller queued at once, or, inside an open unit, leaves it for the unit's
    /// commit: a service used both inside and outside a unit calls this instead of SaveChanges.
    /// </summary>
    public Task SaveAsync(CancellationToken ct) => IsOpen ? Task.CompletedTask : db.SaveChangesAsync(ct);

    /// <summary>
    /// Closes the unit and writes everything it queued in one transaction. False when a row
    /// changed by another request since it was read (a concurrency token) made the write fail:
    /// nothing was written and the queued rows are dropped, the caller answers as the loser of that race.
    /// </summary>
    public async Task<bool> CommitAsync(CancellationToken ct)
    {
        IsOpen = false;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
