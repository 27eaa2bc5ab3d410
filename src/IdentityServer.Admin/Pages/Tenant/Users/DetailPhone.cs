using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>The phone forms of a user's page: set it (verified by the admin, or by a texted code), then the code.</summary>
public sealed partial class DetailModel
{
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
        await LoadAsync(ct, fillForms: true);
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
        await LoadAsync(ct, fillForms: true);
        return Page();
    }
}
