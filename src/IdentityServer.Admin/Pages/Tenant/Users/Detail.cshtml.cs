using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>
/// /t/{tenant}/users/{id}: one user; edit their name and email, set or remove their phone, give or take the
/// admin role, email a password-reset link, reset or unlock MFA, disable, enable or delete them. Every
/// change goes through the management API, which applies U1-U3 and refuses an admin's self-lockout.
/// </summary>
public sealed partial class DetailModel(ManagementClient api, TimeProvider time) : TenantPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public PhoneInput Phone { get; set; } = new();

    [BindProperty]
    public ProfileInput Profile { get; set; } = new();

    public UserView? UserShown { get; private set; }

    /// <summary>The ticked box of the reset and delete forms: removing every factor, or the user, is never one click.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    [BindProperty]
    public bool IsAdmin { get; set; }

    public string AdminRole => AdminRoles.AdminRoleOf(Tenant);

    /// <summary>SPEC 3: until when the user's second factor is locked; null when it is not locked now.</summary>
    public DateTimeOffset? LockedUntil => UserShown?.MfaLockedUntil is { } until && until > time.GetUtcNow() ? until : null;

    /// <summary>U1 (409 second_factor_required): SMS would become this user's only way in.</summary>
    public bool SecondFactorRequired =>
        Failure is { Status: StatusCodes.Status409Conflict } f && f.Body?["error"]?.ToString() == "second_factor_required";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct, fillForms: true);

    public Task<IActionResult> OnPostProfileAsync(CancellationToken ct) =>
        ChangeAsync(api.PatchAsync(Tenant, UserPath, Profile.ToRequest(), ct), _ => "The profile was saved.", ct, keepProfile: true);

    public Task<IActionResult> OnPostRolesAsync(CancellationToken ct) =>
        ChangeAsync(api.PutAsync(Tenant, UserPath + "/roles", new { roles = IsAdmin ? new[] { AdminRole } : [] }, ct),
            _ => IsAdmin ? $"The user is now an administrator of {Tenant}." : $"The user is no longer an administrator of {Tenant}.", ct);

    public Task<IActionResult> OnPostPasswordResetAsync(CancellationToken ct) =>
        ChangeAsync(api.PostAsync(Tenant, UserPath + "/password-reset", null, ct),
            r => $"A link to choose a new password was emailed to {r.Body?["sent_to"]}. It works once.", ct);

    public Task<IActionResult> OnPostRemovePhoneAsync(CancellationToken ct) =>
        ChangeAsync(api.DeleteAsync(Tenant, UserPath + "/phone", ct), _ => "The phone number was removed.", ct);

    public Task<IActionResult> OnPostDisableAsync(CancellationToken ct) =>
        ChangeAsync(api.PostAsync(Tenant, UserPath + "/disable", null, ct), _ => "The user was disabled: they can no longer sign in.", ct);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken ct) =>
        ChangeAsync(api.PostAsync(Tenant, UserPath + "/enable", null, ct), _ => "The user was enabled.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!Confirm)
        {
            return await ChangeAsync(Task.FromResult(ApiResult.BadRequest("Tick the box to confirm that this user is deleted for good.")), _ => "", ct);
        }
        var label = (await api.GetAsync(Tenant, UserPath, ct)).As<UserView>()?.Label ?? Id;
        var deleted = await api.DeleteAsync(Tenant, UserPath, ct);
        if (!deleted.Succeeded)
        {
            return await ChangeAsync(Task.FromResult(deleted), _ => "", ct);
        }
        TempData["Success"] = $"The user {label} was deleted.";
        return Redirect($"/t/{Tenant}/users");
    }

    public async Task<IActionResult> OnPostResetMfaAsync(CancellationToken ct)
    {
        if (!Confirm)
        {
            return await ChangeAsync(Task.FromResult(ApiResult.BadRequest("Tick the box to confirm that every second factor of this user goes.")), _ => "", ct);
        }
        return await ChangeAsync(api.PostAsync(Tenant, UserPath + "/mfa/reset", null, ct),
            _ => "MFA was reset: every second factor of this user was removed; they enroll again at their next sign-in that needs one.", ct);
    }

    public Task<IActionResult> OnPostUnlockMfaAsync(CancellationToken ct) =>
        ChangeAsync(api.PostAsync(Tenant, UserPath + "/mfa/unlock", null, ct), _ => "The second factor was unlocked: the user can try their codes again.", ct);

    private string UserPath => "/users/" + Uri.EscapeDataString(Id);

    /// <summary>Runs one API call, keeps its outcome for the view, and shows the user as the server has it now.</summary>
    private async Task<IActionResult> ChangeAsync(Task<ApiResult> call, Func<ApiResult, string> success, CancellationToken ct, bool keepProfile = false)
    {
        var result = await call;
        Record(result, success);
        ModelState.Clear();
        // A refused profile keeps the admin's input next to the rule it broke; anything else shows the stored user.
        await LoadAsync(ct, fillForms: !(keepProfile && !result.Succeeded));
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct, bool fillForms)
    {
        var read = await api.GetAsync(Tenant, UserPath, ct);
        UserShown = read.Succeeded ? read.As<UserView>() : null;
        if (UserShown is null)
        {
            Failure ??= read;
            return;
        }
        IsAdmin = UserShown.Roles.Contains(AdminRole);
        await LoadPasskeysAsync(ct);
        if (fillForms)
        {
            Profile = ProfileInput.From(UserShown);
        }
    }
}
