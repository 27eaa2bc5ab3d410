using IdentityServer.Account;
using IdentityServer.Mfa;
using IdentityServer.SmsSignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Pages.Account.Sms;

/// <summary>Code entry of the hosted SMS sign-in: verify (sign the browser in), resend after the cooldown, or go back.</summary>
internal sealed class CodeModel(SmsSignInService sms, SecondStep secondStep, SmsCodePageState state) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Otp { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    /// <summary>Seconds until "Resend" works: from the stored send and the tenant's cooldown, on every render (issue 15 point 5).</summary>
    public int Wait { get; private set; }

    /// <summary>The number the code went to, masked (+1******0123); null for an unknown sign-in.</summary>
    public string? MaskedPhone { get; private set; }

    [BindProperty(SupportsGet = true, Name = "length")]
    public int Length { get; set; } = 6;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        TempData.Keep("sms.phone");
        await ShowStateAsync(ct);
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        TempData.Keep("sms.phone");
        var completion = await sms.CompleteAsync(Otp, ReturnUrls.ClientIdOf(ReturnUrl), Code?.Trim(), ct);
        switch (completion.Decision)
        {
            case MfaDecision.Deny deny:
                Error = deny.Reason;
                await ShowStateAsync(ct);
                return Page();
            case { } decision:
                return await secondStep.ContinueAsync(HttpContext, completion.User!, FirstFactors.Sms, decision, ReturnUrl, ct);
        }
        Error = completion.Error == Errors.AccessDenied ? "Sign-in by SMS is not available here." : SmsOtpGrant.InvalidCode;
        // After a wrong code "Resend" still waits for the rest of the cooldown.
        await ShowStateAsync(ct);
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
        await ShowStateAsync(ct);
        Wait = Math.Max(Wait, refused.RetryAfter ?? 0);
        Error = SmsPageMessages.For(refused);
        return Page();
    }

    private async Task ShowStateAsync(CancellationToken ct) => (MaskedPhone, Wait) = await state.ForAsync(Otp, ct);
}
