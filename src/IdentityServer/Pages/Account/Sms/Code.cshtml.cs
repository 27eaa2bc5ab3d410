using IdentityServer.Account;
using IdentityServer.Mfa;
using IdentityServer.SmsSignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Pages.Account.Sms;

/// <summary>Code entry of the hosted SMS sign-in: verify (sign the browser in), resend after the cooldown, or go back.</summary>
public sealed class CodeModel(SmsSignInService sms, SecondStep secondStep) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Otp { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true, Name = "wait")]
    public int Wait { get; set; }

    [BindProperty(SupportsGet = true, Name = "length")]
    public int Length { get; set; } = 6;

    public string? Error { get; private set; }

    public void OnGet() => TempData.Keep("sms.phone");

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        TempData.Keep("sms.phone");
        var completion = await sms.CompleteAsync(Otp, ReturnUrls.ClientIdOf(ReturnUrl), Code?.Trim(), ct);
        switch (completion.Decision)
        {
            case MfaDecision.Deny deny:
                Error = deny.Reason;
                return Page();
            case { } decision:
                return await secondStep.ContinueAsync(HttpContext, completion.User!, FirstFactors.Sms, decision, ReturnUrl, ct);
        }
        Error = completion.Error == Errors.AccessDenied ? "Sign-in by SMS is not available here." : SmsOtpGrant.InvalidCode;
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        var phone = TempData.Peek("sms.phone") as string;
        var result = await sms.StartAsync(SmsPages.StartRequest(this, ReturnUrl, phone), ct);
        if (result is SmsStartResult.Started started)
        {
            return SmsPages.ToCode(this, started, ReturnUrl);
        }
        var refused = (SmsStartResult.Refused)result;
        Wait = refused.RetryAfter ?? 0;
        Error = SmsPageMessages.For(refused);
        return Page();
    }
}
