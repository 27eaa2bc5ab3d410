using IdentityServer.SmsSignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Sms;

/// <summary>Phone entry of the hosted SMS sign-in (SPEC 4): sends the code, then goes to the code page.</summary>
internal sealed class IndexModel(SmsSignInService sms) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? PhoneNumber { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await sms.StartAsync(SmsPages.StartRequest(this, ReturnUrl, PhoneNumber), ct);
        if (result is SmsStartResult.Refused refused)
        {
            Error = SmsPageMessages.For(refused);
            return Page();
        }
        var started = (SmsStartResult.Started)result;
        TempData["sms.phone"] = PhoneNumber;
        return SmsPages.ToCode(this, started, ReturnUrl);
    }
}
