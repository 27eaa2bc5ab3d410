using IdentityServer.Account.SelfService;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account;

/// <summary>What the self-service pages share: their words in the browser's language, the client's address, the way back to sign-in.</summary>
internal abstract class SelfServicePage(TenantContext tenant) : PageModel
{
    private PageText? _text;

    /// <summary>The page's words (en, fr, de, es by Accept-Language, as the SMS text).</summary>
    public PageText T => _text ??= PageText.For(Request.Headers.AcceptLanguage.ToString());

    /// <summary>Where the person came from (an authorization request): kept only when it stays inside this tenant.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The sign-in page, with the return URL when it is one of this tenant's (no open redirect).</summary>
    public string SignInUrl => Request.PathBase + "/account/login" + (SafeReturnUrl is { } r ? "?ReturnUrl=" + Uri.EscapeDataString(r) : "");

    public string? SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith(Request.PathBase + "/", StringComparison.Ordinal) ? ReturnUrl : null;

    protected TenantSettings Settings => tenant.Settings;

    protected string? ClientIp => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>A link's token stays out of the Referer of anything the page loads or links to.</summary>
    protected void NoReferrer() => Response.Headers["Referrer-Policy"] = "no-referrer";

    /// <summary>A limit reached: 429, and the wait in minutes on the page.</summary>
    protected string Limited(int retryAfter)
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return T.Format("limited", Math.Max(1, (retryAfter + 59) / 60));
    }
}
