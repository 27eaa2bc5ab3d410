using IdentityServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Account;

/// <summary>
/// Users may have an email, a phone or both (SMS sign-up creates phone-only users), so Identity's
/// RequireUniqueEmail is off and this validator keeps an email, when there is one, valid and unique in the tenant.
/// </summary>
internal sealed class TenantUserValidator : IUserValidator<PlatformUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<PlatformUser> manager, PlatformUser user)
    {
        if (string.IsNullOrEmpty(user.Email))
        {
            return IdentityResult.Success;
        }
        if (!System.Net.Mail.MailAddress.TryCreate(user.Email, out _))
        {
            return IdentityResult.Failed(manager.ErrorDescriber.InvalidEmail(user.Email));
        }
        var normalized = manager.NormalizeEmail(user.Email);
        var taken = await manager.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id);
        return taken ? IdentityResult.Failed(manager.ErrorDescriber.DuplicateEmail(user.Email)) : IdentityResult.Success;
    }
}
