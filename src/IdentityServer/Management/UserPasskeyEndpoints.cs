using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Passkeys;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Management;

/// <summary>
/// Issue 16 point 7: GET users/{id}/passkeys (name, created, last used) and DELETE users/{id}/passkeys/{passkeyId}
/// (U3 from Mfa/FactorRemoval: refused with 409 would_lock_out where it is the user's last way in or last second step).
/// </summary>
internal static class UserPasskeyEndpoints
{
    public sealed record PasskeyItem(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool BackupEligible,
        string[] Transports);

    public static void MapUserPasskeys(this RouteGroupBuilder tenant)
    {
        var passkeys = tenant.MapGroup("/users/{id}/passkeys");
        passkeys.MapGet("", ListAsync);
        passkeys.MapDelete("/{passkeyId}", DeleteAsync);
    }

    private static async Task<Results<Ok<Page<PasskeyItem>>, NotFoundProblem>> ListAsync(string id, UserManager<PlatformUser> users, PlatformDbContext db, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is null)
        {
            return Problems.NotFound($"There is no user '{id}' in this tenant.");
        }
        var rows = await db.Passkeys.AsNoTracking().Where(p => p.UserId == id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        var items = rows.Select(p => new PasskeyItem(p.Id, p.Name, p.CreatedAt, p.LastUsedAt, p.BackupEligible,
            p.Transports?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])).ToList();
        return TypedResults.Ok(new Page<PasskeyItem>(items, items.Count));
    }

    private static async Task<Results<NoContent, NotFoundProblem, ConflictProblem, InvalidProblem>> DeleteAsync(string id, string passkeyId, HttpContext http, UserManager<PlatformUser> users,
        PasskeyRegistration passkeys, TenantContext t, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound($"There is no user '{id}' in this tenant.");
        }
        if (FactorRemoval.Refusal(user, MfaFactor.WebAuthn, t.Settings) is { } refusal)
        {
            return Problems.WouldLockOut(refusal);
        }
        var actor = ManagementCaller.From(http.User)?.Actor ?? "management";
        if (await passkeys.RemoveAsync(user, passkeyId, actor, ct) is null)
        {
            return Problems.NotFound($"User '{id}' has no passkey '{passkeyId}'.");
        }
        var saved = await users.UpdateAsync(user);
        return saved.Succeeded ? TypedResults.NoContent() : Problems.NotSaved(saved);
    }
}
