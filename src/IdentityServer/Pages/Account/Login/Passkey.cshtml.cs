using IdentityServer.Account;
using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Passkeys;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Login;

/// <summary>
/// "Sign in with a passkey" (issue 16 point 4), where the tenant allows it (sign_in.passkey.enabled): request options
/// for a discoverable credential (no user named; user verification required, as the passkey is the only factor),
/// fetched by wwwroot/js/passkeys.js for the sign-in page's button and its autofill (conditional UI); the answer
/// posted here signs the browser in with amr hwk + pin + mfa (policy rule K1).
/// </summary>
internal sealed class PasskeyModel(PasskeyAssertion passkeys, UserManager<PlatformUser> users, TenantContext tenant, AuditLog audit,
    TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetOptionsAsync(CancellationToken ct)
    {
        if (!tenant.Settings.SignIn.Passkey.Enabled)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store";
        return Content(await passkeys.BeginAsync(null, null, PasskeyPurpose.FirstFactor, ct), "application/json");
    }

    public IActionResult OnGet() => Redirect(SecondStep.LoginUrl(Request, ReturnUrls.Safe(Request, ReturnUrl)));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var settings = tenant.Settings;
        var outcome = await passkeys.VerifyAsync(Code, PasskeyPurpose.FirstFactor, null, null, ct);
        var user = outcome is PasskeyOutcome.Verified verified ? await users.FindByIdAsync(verified.Passkey.UserId) : null;
        if (outcome is not PasskeyOutcome.Verified { UserVerified: true } passkey || user is null || user.Disabled)
        {
            Error = "That passkey did not sign you in. Try again, or sign in another way.";
            return Page();
        }
        // SPEC 6 with issue 16: the engine decides for a passkey first factor too (K0 off, K1 allowed).
        var decision = MfaPolicyEngine.Decide(settings.ToMfaPolicy(), new SignInContext(UserFactors.Of(user), FirstFactors.Passkey));
        await audit.WriteAsync("user:" + user.Id, AuditActions.SignInDecision, "user:" + user.Id,
            new { first_factor = FirstFactors.Passkey, decision = decision.GetType().Name, rule = decision.Rule }, ct);
        if (decision is not MfaDecision.Allow)
        {
            Error = "Passkey sign-in is turned off for this organisation.";
            return Page();
        }
        await HttpContext.SignInAsync(SessionScheme.Name, SessionPrincipal.Create(user, PasskeyAmr.FirstFactor(passkey.UserVerified), time.GetUtcNow()));
        return LocalRedirect(ReturnUrls.Safe(Request, ReturnUrl));
    }
}
