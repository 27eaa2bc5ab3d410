using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Pages.Account.Sms;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Account;

/// <summary>
/// What the hosted pages do after a first factor: sign the browser in when the policy engine
/// allows it, or keep an mfa ticket in a short cookie and go to the challenge or enrollment page.
/// </summary>
public sealed class SecondStep(MfaTicketStore tickets, TimeProvider time)
{
    public const string Cookie = "idp.mfa";

    public async Task<IActionResult> ContinueAsync(HttpContext http, PlatformUser user, string firstFactor, MfaDecision decision,
        string? returnUrl, CancellationToken ct)
    {
        var safeReturn = ReturnUrls.Safe(http.Request, returnUrl);
        if (decision is MfaDecision.Allow)
        {
            await http.SignInAsync(SessionScheme.Name, SessionPrincipal.Create(user, [firstFactor], time.GetUtcNow()));
            return new LocalRedirectResult(safeReturn);
        }
        return new RedirectResult(await SecondStepUrlAsync(http, user, firstFactor, decision, safeReturn, ct));
    }

    /// <summary>Where the browser goes for a decision that needs more than the first factor (or back to sign-in when denied).</summary>
    public async Task<string> SecondStepUrlAsync(HttpContext http, PlatformUser user, string firstFactor, MfaDecision decision,
        string safeReturn, CancellationToken ct)
    {
        switch (decision)
        {
            case MfaDecision.RequireSecondFactor or MfaDecision.RequireEnrollment:
                var enrollment = decision is MfaDecision.RequireEnrollment;
                var methods = decision is MfaDecision.RequireSecondFactor second ? second.Methods : ((MfaDecision.RequireEnrollment)decision).Methods;
                var token = await tickets.IssueAsync(new MfaTicket
                {
                    ClientId = ReturnUrls.ClientIdOf(safeReturn), UserId = user.Id, FirstFactor = firstFactor,
                    Methods = string.Join(' ', methods), Enrollment = enrollment,
                }, ct);
                http.Response.Cookies.Append(Cookie, token, new CookieOptions
                {
                    HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax,
                    Path = http.Request.PathBase.HasValue ? http.Request.PathBase.Value : "/", MaxAge = MfaTicketStore.Lifetime,
                });
                var page = enrollment ? "account/mfa/enroll" : "account/mfa";
                return $"{http.Request.PathBase}/{page}?ReturnUrl={Uri.EscapeDataString(safeReturn)}";
            default:
                return $"{http.Request.PathBase}/account/login?ReturnUrl={Uri.EscapeDataString(safeReturn)}&denied=1";
        }
    }
}
