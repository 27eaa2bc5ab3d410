using IdentityServer.Account;
using IdentityServer.Mfa;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Mfa;

/// <summary>
/// The MFA challenge page (SPEC 5): a passkey, a code from the authenticator or a recovery code completes the sign-in.
/// The passkey's answer is posted as the code of factor webauthn (wwwroot/js/passkeys.js).
/// </summary>
internal sealed class IndexModel(MfaTicketStore tickets, MfaVerifier verifier, MfaChallenges challenges, MfaPasskeys passkeys,
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

    /// <summary>WebAuthn request options when the ticket offers a passkey.</summary>
    public string? PasskeyOptions { get; private set; }

    /// <summary>The factors entered as a code on this page (a passkey has its own button).</summary>
    public IEnumerable<string> CodeMethods => Methods.Where(m => m != MfaFactor.WebAuthn);

    /// <summary>Factors whose code this page sends on request (never the first factor).</summary>
    public IEnumerable<string> Sendable => Methods.Where(m => m is MfaFactor.Email or MfaFactor.Sms);

    public static string Label(string method) => method switch
    {
        MfaFactor.Totp => "Authenticator app",
        MfaFactor.RecoveryCode => "Recovery code",
        MfaFactor.Email => "Code by email",
        MfaFactor.Sms => "Code by text message",
        MfaFactor.WebAuthn => "Passkey",
        _ => method,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) is not null ? Page() : StartOver();

    private async Task OfferPasskeyAsync(Data.MfaTicket ticket, CancellationToken ct) =>
        PasskeyOptions = MfaPasskeys.Offers(ticket) ? await passkeys.ChallengeAsync(ticket, ct) : null;

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var factor = Factor;
        if (await LoadAsync(ct, offerPasskey: false) is null)
        {
            return StartOver();
        }
        var completion = await verifier.CompleteAsync(Request.Cookies[SecondStep.Cookie], ReturnUrls.ClientIdOf(ReturnUrl), factor, Code, ct);
        if (completion.Error is not null)
        {
            Error = await LoadAsync(ct) is null ? "Too many tries. Please sign in again."
                : factor == MfaFactor.WebAuthn ? "That passkey did not work. Try again, or choose another way." : "That code did not work. Try again.";
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
    private async Task<Data.MfaTicket?> LoadAsync(CancellationToken ct, bool offerPasskey = true)
    {
        var ticket = await tickets.FindLiveAsync(Request.Cookies[SecondStep.Cookie], ReturnUrls.ClientIdOf(ReturnUrl), ct);
        if (ticket is null || ticket.Enrollment)
        {
            return null;
        }
        Methods = ticket.Methods.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (Factor is null or MfaFactor.WebAuthn)
        {
            Factor = CodeMethods.FirstOrDefault();
        }
        if (offerPasskey)
        {
            await OfferPasskeyAsync(ticket, ct);
        }
        return ticket;
    }

    private IActionResult StartOver() => Redirect(SecondStep.LoginUrl(Request, ReturnUrls.Safe(Request, ReturnUrl)));
}
