using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Mfa;

/// <summary>
/// Enrollment in the sign-in flow (SPEC 5/6): an authenticator app (QR code, confirmed with a code) and/or a passkey,
/// as the ticket offers them; recovery codes shown once.
/// </summary>
internal sealed class EnrollModel(MfaTicketStore tickets, TotpEnrollment enrollment, MfaVerifier verifier, MfaPasskeys passkeys,
    UserManager<PlatformUser> users, TenantContext tenant, SecondStep secondStep) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Secret { get; private set; }
    public string? QrDataUri { get; private set; }
    public string? Error { get; private set; }
    /// <summary>WebAuthn creation options when the ticket offers a passkey.</summary>
    public string? PasskeyOptions { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public string Continue => ReturnUrls.Safe(Request, ReturnUrl);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await OfferAsync(ct) ? Page() : StartOver();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => CompleteAsync(MfaFactor.Totp,
        "That code did not work. Check the time on your phone and try the newest code.", ct);

    /// <summary>The passkey's answer (attestation JSON, from wwwroot/js/passkeys.js) in <see cref="Code"/>.</summary>
    public Task<IActionResult> OnPostPasskeyAsync(CancellationToken ct) => CompleteAsync(MfaFactor.WebAuthn,
        "The passkey was not saved. Try again, or set up an authenticator app.", ct);

    private async Task<IActionResult> CompleteAsync(string factor, string failure, CancellationToken ct)
    {
        var completion = await verifier.CompleteAsync(Request.Cookies[SecondStep.Cookie], ReturnUrls.ClientIdOf(ReturnUrl), factor, Code, ct);
        if (completion.Error is not null)
        {
            if (!await OfferAsync(ct))
            {
                return StartOver();
            }
            Error = failure;
            return Page();
        }
        await secondStep.FinishAsync(HttpContext, completion);
        RecoveryCodes = completion.NewRecoveryCodes;
        return Page();
    }

    private async Task<bool> OfferAsync(CancellationToken ct)
    {
        var ticket = await tickets.FindLiveAsync(Request.Cookies[SecondStep.Cookie], ReturnUrls.ClientIdOf(ReturnUrl), ct);
        var user = ticket is { Enrollment: true } ? await users.FindByIdAsync(ticket.UserId) : null;
        if (ticket is null || user is null)
        {
            return false;
        }
        PasskeyOptions = MfaPasskeys.Offers(ticket) ? await passkeys.EnrollAsync(ticket, user, ct) : null;
        if (!ticket.Methods.Split(' ').Contains(MfaFactor.Totp))
        {
            return PasskeyOptions is not null;
        }
        var offer = await enrollment.OfferAsync(ticket, user, tenant.Required.DisplayName, ct);
        Secret = offer.Secret;
        QrDataUri = offer.QrDataUri();
        return true;
    }

    private IActionResult StartOver() => Redirect(SecondStep.LoginUrl(Request, ReturnUrls.Safe(Request, ReturnUrl)));
}
