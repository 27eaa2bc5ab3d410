using IdentityServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace IdentityServer.Account;

/// <summary>
/// Identity's EF Core user store, joined to the request's unit of work: while one is open (a grant
/// at the token endpoint, a page's SMS sign-in), UserManager's creates and updates are queued for
/// its commit instead of saved at once. So every user is created through UserManager (validators,
/// normalised names, security stamp) and an SMS sign-up still costs no write of its own.
/// </summary>
internal sealed class UnitOfWorkUserStore(PlatformDbContext db, UnitOfWork unit, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<PlatformUser, PlatformDbContext, string>(db, describer)
{
    public override Task<IdentityResult> CreateAsync(PlatformUser user, CancellationToken cancellationToken = default)
    {
        AutoSaveChanges = !unit.IsOpen;
        return base.CreateAsync(user, cancellationToken);
    }

    public override Task<IdentityResult> UpdateAsync(PlatformUser user, CancellationToken cancellationToken = default)
    {
        AutoSaveChanges = !unit.IsOpen;
        return base.UpdateAsync(user, cancellationToken);
    }

    public override Task<IdentityResult> DeleteAsync(PlatformUser user, CancellationToken cancellationToken = default)
    {
        AutoSaveChanges = !unit.IsOpen;
        return base.DeleteAsync(user, cancellationToken);
    }
}
