using IdentityServer.Account;
using IdentityServer.Account.SelfService;
using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Login;

/// <summary>The hosted password sign-in page of a tenant.</summary>
internal sealed class IndexModel(PasswordSignIn passwords, TenantContext tenant, SecondStep secondStep, Audit.AuditLog audit,
    Telemetry.PlatformMetrics metrics, Registrations registrations) : PageModel
{
    private const string Failed = "The email or password is not right.";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? Error { get; private set; }

    /// <summary>Whether this tenant offers SMS sign-in (the "Sign in with SMS" choice).</summary>
    public bool SmsAvailable => MfaPolicyEngine.SmsSignInAvailable(tenant.Settings.ToMfaPolicy());

    /// <summary>Whether this tenant offers "Sign in with a passkey" (issue 16; the form posts to /account/login/passkey).</summary>
    public bool PasskeyAvailable => tenant.Settings.SignIn.Passkey.Enabled;

    /// <summary>The self-service links' words (issue 15 point 5), in the browser's language.</summary>
    public PageText T => PageText.For(Request.Headers.AcceptLanguage.ToString());

    /// <summary>"Forgot password?" where password sign-in is on.</summary>
    public bool PasswordEnabled => tenant.Settings.SignIn.Password.Enabled;

    /// <summary>"Create an account" where the tenant allows self-service registration.</summary>
    public bool RegistrationOpen => Registrations.Open(tenant.Settings);

    [BindProperty(SupportsGet = true, Name = "denied")]
    public bool Denied { get; set; }

    public IActionResult OnGet()
    {
        if (Denied)
        {
            Error = "This account cannot finish signing in here. Ask your administrator about two-step verification.";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var settings = tenant.Settings;
        if (!settings.SignIn.Password.Enabled)
        {
            Error = "Password sign-in is turned off for this organisation.";
            return Page();
        }
        // One message for an unknown email, a wrong password, a locked or disabled account: no enumeration.
        var user = await passwords.CheckAsync(Input.Email, Input.Password, ct);
        if (user is null)
        {
            Error = Failed;
            return Page();
        }
        // A self-registered account signs in once its email is confirmed (the password was right: this says nothing new).
        if (await registrations.AwaitsVerificationAsync(user, ct))
        {
            Error = T["sign_in.unverified"];
            return Page();
        }
        // SPEC 6, password first: the policy engine says whether a second factor follows.
        var decision = MfaPolicyEngine.Decide(settings.ToMfaPolicy(),
            new SignInContext(UserFactors.Of(user), FirstFactors.Password));
        metrics.MfaDecided(decision, FirstFactors.Password);
        await audit.WriteAsync(Audit.AuditActor.Of(user), Audit.AuditActions.SignInDecision, "user:" + user.Id,
            new { first_factor = FirstFactors.Password, decision = decision.GetType().Name, rule = decision.Rule }, ct);
        // Only back into this tenant (ReturnUrls.Safe, in ContinueAsync); this page also refuses what Url.IsLocalUrl
        // refuses beyond that (control characters), as it always has.
        return await secondStep.ContinueAsync(HttpContext, user, FirstFactors.Password, decision,
            Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null, ct);
    }
}
