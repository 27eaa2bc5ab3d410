using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace IdentityServer.Pages.Account.Mfa;

/// <summary>TOTP enrollment in the sign-in flow (SPEC 5/6): QR code, confirm with a code, recovery codes shown once.</summary>
public sealed class EnrollModel(MfaTicketStore tickets, TotpEnrollment enrollment, MfaVerifier verifier,
    UserManager<PlatformUser> users, TenantContext tenant, SecondStep secondStep) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Secret { get; private set; }
    public string? QrDataUri { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public string Continue => ReturnUrls.Safe(Request, ReturnUrl);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await OfferAsync(ct) ? Page() : StartOver();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var completion = await verifier.CompleteAsync(Request.Cookies[SecondStep.Cookie], ReturnUrls.ClientIdOf(ReturnUrl), MfaFactor.Totp, Code, ct);
        if (completion.Error is not null)
        {
            if (!await OfferAsync(ct))
            {
                return StartOver();
            }
            Error = "That code did not work. Check the time on your phone and try the newest code.";
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
        var (secret, uri) = await enrollment.OfferAsync(ticket, user, tenant.Current!.DisplayName, ct);
        Secret = secret;
        using var data = new QRCodeGenerator().CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        return true;
    }

    private IActionResult StartOver() => Redirect(SecondStep.LoginUrl(Request, ReturnUrls.Safe(Request, ReturnUrl)));
}
