using IdentityServer.Account;
using IdentityServer.SmsSignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Sms;

/// <summary>What the phone and code pages share: starting a sign-in from the browser, and going to the code page.</summary>
internal static class SmsPages
{
    /// <summary>A start for the client of the return URL, in the browser's language, from its address and host.</summary>
    public static SmsStartRequest StartRequest(PageModel page, string? returnUrl, string? phoneNumber) =>
        new(ReturnUrls.ClientIdOf(returnUrl), phoneNumber, page.Request.Headers.AcceptLanguage.ToString(), null, null,
            page.HttpContext.Connection.RemoteIpAddress?.ToString(), Tenancy.WebOtpHost.For(page.HttpContext));

    public static RedirectToPageResult ToCode(PageModel page, SmsStartResult.Started started, string? returnUrl) =>
        page.RedirectToPage("Code", new { otp = started.OtpId, ReturnUrl = returnUrl, length = started.CodeLength });
}
