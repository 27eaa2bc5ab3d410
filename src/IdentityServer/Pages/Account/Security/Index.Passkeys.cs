using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Passkeys;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Pages.Account.Security;

/// <summary>
/// The passkeys of the security page (issue 16 point 2): add one (named; the browser's answer from
/// wwwroot/js/passkeys.js), list them with their created and last-used times, remove one with a ticked box
/// and only where U3 allows (Mfa/FactorRemoval: nobody removes their last way in).
/// </summary>
internal sealed partial class IndexModel
{
    public IReadOnlyList<Passkey> PasskeyList { get; private set; } = [];

    /// <summary>Creation options once "Add a passkey" was pressed.</summary>
    public string? PasskeyCreateOptions { get; private set; }

    [BindProperty]
    public string? PasskeyName { get; set; }

    [BindProperty]
    public string? PasskeyId { get; set; }

    public async Task<IActionResult> OnPostStartPasskeyAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (Account.PasskeyCount >= PasskeyRegistration.MaxPasskeys)
        {
            Error = $"You have {PasskeyRegistration.MaxPasskeys} passkeys, the most an account may hold. Remove one first.";
            return Page();
        }
        PasskeyCreateOptions = await passkeys.BeginAsync(Account, null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (await passkeys.CompleteAsync(Account, null, Code, PasskeyName, ct) is not PasskeyOutcome.Registered added)
        {
            Error = "The passkey was not saved. Press \"Add a passkey\" and try again.";
            return Page();
        }
        // The passkey row, the user's count and the audit event: one save, decided by the user's concurrency stamp.
        if (!await SaveUserAsync(ct))
        {
            db.Entry(added.Passkey).State = EntityState.Detached;
            return Page();
        }
        Message = $"Passkey \"{added.Passkey.Name}\" added.";
        await LoadPasskeysAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (PasskeyList.All(p => p.Id != PasskeyId))
        {
            Error = FactorRemoval.NothingToRemove;
            return Page();
        }
        if (FactorRemoval.Refusal(Account, MfaFactor.WebAuthn, Settings) is { } refusal)
        {
            Error = refusal;
            return Page();
        }
        if (!Confirm)
        {
            Error = "Tick the box to confirm the removal.";
            return Page();
        }
        var removed = await passkeys.RemoveAsync(Account, PasskeyId, Actor, ct);
        if (removed is null || !await SaveUserAsync(ct))
        {
            return Page();
        }
        Message = $"Passkey \"{removed.Name}\" removed.";
        await LoadPasskeysAsync();
        return Page();
    }

    private async Task LoadPasskeysAsync() =>
        PasskeyList = await db.Passkeys.AsNoTracking().Where(p => p.UserId == Account.Id).OrderBy(p => p.CreatedAt).ToListAsync();

    // Saves the user with what a passkey change queued; on a lost race nothing of it is kept and the page says so.
    private async Task<bool> SaveUserAsync(CancellationToken ct)
    {
        if ((await users.UpdateAsync(Account)).Succeeded)
        {
            Factors = UserFactors.Of(Account);
            return true;
        }
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is Passkey || e is { Entity: AuditEvent, State: EntityState.Added }).ToList())
        {
            entry.State = EntityState.Detached;
        }
        await db.Entry(Account).ReloadAsync(ct);
        Factors = UserFactors.Of(Account);
        Error = NotSaved;
        return false;
    }

    /// <summary>A time for the list, in UTC.</summary>
    public static string When(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "never";
}
