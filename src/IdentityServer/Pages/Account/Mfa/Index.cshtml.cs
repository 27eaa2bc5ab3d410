using IdentityServer.Account;
using IdentityServer.Mfa;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Mfa;

/// <summary>The MFA challenge page (SPEC 5): a code from the authenticator or a recovery code completes the sign-in.</summary>
public sealed class IndexModel(MfaTicketStore tickets, MfaVerifier verifier, MfaChallenges challenges,
    Microsoft.AspNetCore.Identity.UserManager<Data.PlatformUser> users, SecondStep secondStep) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Factor { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public IReadOnlyList<string> Methods { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Factors whose code this page sends on request (never the first factor).</summary>
    public IEnumerable<string> Sendable => Methods.Where(m => m is MfaFactor.Email or MfaFactor.Sms);

    public static string Label(string method) => method switch
    {
        MfaFactor.Totp => "Authenticator app",
        MfaFactor.RecoveryCode => "Recovery code",
        MfaFactor.Email => "Code by email",
        MfaFactor.Sms => "Code by text message",
        _ => method,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) is not null ? Page() : StartOver();

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null)
        {
            return StartOver();
        }
        var completion = await verifier.CompleteAsync(Request.Cookies[SecondStep.Cookie], ReturnUrls.ClientIdOf(ReturnUrl), Factor, Code, ct);
        if (completion.Error is not null)
        {
            Error = await LoadAsync(ct) is not null ? "That code did not work. Try again." : "Too many tries. Please sign in again.";
            return Page();
        }
        await secondStep.FinishAsync(HttpContext, completion);
        return LocalRedirect(ReturnUrls.Safe(Request, ReturnUrl));
    }

    public async Task<IActionResult> OnPostSendAsync(string? send, CancellationToken ct)
    {
        var ticket = await LoadAsync(ct);
        var user = ticket is null ? null : await users.FindByIdAsync(ticket.UserId);
        if (ticket is null || user is null)
        {
            return StartOver();
        }
        var refused = await challenges.SendAsync(ticket, user, send ?? "", Tenancy.WebOtpHost.For(HttpContext), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Factor = send;
        if (refused is null)
        {
            Message = send == MfaFactor.Email ? "We emailed you a code." : "We texted you a code.";
        }
        else
        {
            Error = refused.Description;
        }
        return Page();
    }

    /// <summary>The live challenge ticket of the cookie, its methods shown; null when there is none.</summary>
    private async Task<Data.MfaTicket?> LoadAsync(CancellationToken ct)
    {
        var ticket = await tickets.FindLiveAsync(Request.Cookies[SecondStep.Cookie], ReturnUrls.ClientIdOf(ReturnUrl), ct);
        if (ticket is null || ticket.Enrollment)
        {
            return null;
        }
        Methods = ticket.Methods.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Factor ??= Methods[0];
        return ticket;
    }

    private IActionResult StartOver() => Redirect(SecondStep.LoginUrl(Request, ReturnUrls.Safe(Request, ReturnUrl)));
}
