using IdentityServer.Data;
using IdentityServer.Mfa;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Account;

/// <summary>
/// What the hosted pages do after a first factor: sign the browser in when the policy engine
/// allows it, or keep an mfa ticket in a short cookie and go to the challenge or enrollment page.
/// </summary>
internal sealed class SecondStep(MfaTicketStore tickets, TimeProvider time)
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
                var ticket = new MfaTicket { ClientId = ReturnUrls.ClientIdOf(safeReturn), UserId = user.Id, FirstFactor = firstFactor };
                var (token, _) = await tickets.IssueAsync(decision, ticket, ct);
                http.Response.Cookies.Append(Cookie, token, new CookieOptions
                {
                    HttpOnly = true,
                    Secure = http.Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    Path = CookiePath(http.Request),
                    MaxAge = MfaTicketStore.Lifetime,
                });
                var page = ticket.Enrollment ? "account/mfa/enroll" : "account/mfa";
                return $"{http.Request.PathBase}/{page}?ReturnUrl={Uri.EscapeDataString(safeReturn)}";
            default:
                return LoginUrl(http.Request, safeReturn, denied: true);
        }
    }

    /// <summary>A completed second factor: the ticket cookie goes, the browser is signed in with the whole sign-in's amr.</summary>
    public async Task FinishAsync(HttpContext http, MfaCompletion completion)
    {
        http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = CookiePath(http.Request) });
        await http.SignInAsync(SessionScheme.Name, SessionPrincipal.Create(completion.User!, completion.Amr, time.GetUtcNow()));
    }

    /// <summary>The tenant's sign-in page, returning to <paramref name="safeReturn"/> (already checked with <see cref="ReturnUrls.Safe"/>).</summary>
    public static string LoginUrl(HttpRequest request, string safeReturn, bool denied = false) =>
        $"{request.PathBase}/account/login?ReturnUrl={Uri.EscapeDataString(safeReturn)}" + (denied ? "&denied=1" : "");

    private static string CookiePath(HttpRequest request) => request.PathBase.HasValue ? request.PathBase.Value : "/";
}
