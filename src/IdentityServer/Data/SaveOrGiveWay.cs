using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Data;

/// <summary>
/// A write that another request or node may make first with the same unique key (a lease, a key
/// generation): the first one stands, the later one gives way instead of failing.
/// </summary>
internal static class SaveOrGiveWay
{
    /// <summary>True when saved; false, with nothing tracked any more, when a unique row was written first by someone else.</summary>
    public static async Task<bool> SaveOrGiveWayAsync(this PlatformDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
