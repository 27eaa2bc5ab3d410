using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>
/// /t/{tenant}/users/{id}: one user; reset their MFA (confirmed with a ticked box), end a second-factor lockout
/// (SPEC 3), set their phone (verified by the admin, or by a texted code).
/// </summary>
public sealed class DetailModel(ManagementClient api, TimeProvider time) : TenantPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public PhoneInput Phone { get; set; } = new();

    public UserView? UserShown { get; private set; }

    /// <summary>The ticked box of the reset form: removing every factor is never one click.</summary>
    [BindProperty]
    public bool ConfirmReset { get; set; }

    /// <summary>SPEC 3: until when the user's second factor is locked; null when it is not locked now.</summary>
    public DateTimeOffset? LockedUntil => UserShown?.MfaLockedUntil is { } until && until > time.GetUtcNow() ? until : null;

    /// <summary>U1 (409 second_factor_required): SMS would become this user's only way in.</summary>
    public bool SecondFactorRequired =>
        Failure is { Status: StatusCodes.Status409Conflict } f && f.Body?["error"]?.ToString() == "second_factor_required";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostResetMfaAsync(CancellationToken ct)
    {
        if (!ConfirmReset)
        {
            Failure = ApiResult.BadRequest("Tick the box to confirm that every second factor of this user goes.");
            await LoadAsync(ct);
            return Page();
        }
        Record(await api.PostAsync(Tenant, UserPath + "/mfa/reset", null, ct),
            _ => "MFA was reset: every second factor of this user was removed; they enroll again at their next sign-in that needs one.");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockMfaAsync(CancellationToken ct)
    {
        Record(await api.PostAsync(Tenant, UserPath + "/mfa/unlock", null, ct),
            _ => "The second factor was unlocked: the user can try their codes again.");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPhoneAsync(CancellationToken ct)
    {
        var set = await api.PostAsync(Tenant, UserPath + "/phone", new { phone_number = Phone.PhoneNumber?.Trim(), verify = Phone.Verify }, ct);
        if (!set.Succeeded)
        {
            Failure = set;
        }
        else if (Phone.Verify)
        {
            Phone.OtpId = set.Body?["otp_id"]?.ToString();
            Success = "A code was texted to " + Phone.PhoneNumber + ". Enter the code the user reads out to finish.";
        }
        else
        {
            Success = "The phone number was saved as verified.";
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var verified = await api.PostAsync(Tenant, UserPath + "/phone/verify", new { otp_id = Phone.OtpId, code = Phone.Code?.Trim() }, ct);
        if (verified.Succeeded)
        {
            Success = "The phone number was verified and saved.";
            ModelState.Clear();
            Phone = new PhoneInput();
        }
        else
        {
            Failure = verified;
            Phone.Code = null;
        }
        await LoadAsync(ct);
        return Page();
    }

    private string UserPath => "/users/" + Uri.EscapeDataString(Id);

    private async Task LoadAsync(CancellationToken ct)
    {
        var read = await api.GetAsync(Tenant, UserPath, ct);
        UserShown = read.Succeeded ? read.As<UserView>() : null;
        if (UserShown is null)
        {
            Failure ??= read;
        }
    }
}
