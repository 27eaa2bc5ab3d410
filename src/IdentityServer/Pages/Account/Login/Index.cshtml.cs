using IdentityServer.Account;
using IdentityServer.Mfa;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Login;

/// <summary>The hosted password sign-in page of a tenant.</summary>
public sealed class IndexModel(PasswordSignIn passwords, TenantContext tenant, SecondStep secondStep, Audit.AuditLog audit) : PageModel
{
    private const string Failed = "The email or password is not right.";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? Error { get; private set; }

    /// <summary>Whether this tenant offers SMS sign-in (the "Sign in with SMS" choice).</summary>
    public bool SmsAvailable => MfaPolicyEngine.SmsSignInAvailable(MfaPolicy.From(TenantSettingsStore.Read(tenant.Current!)));

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
        var settings = TenantSettingsStore.Read(tenant.Current!);
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
        // SPEC 6, password first: the policy engine says whether a second factor follows.
        var decision = MfaPolicyEngine.Decide(MfaPolicy.From(settings),
            new SignInContext(UserFactors.Of(user), FirstFactors.Password));
        await audit.WriteAsync("user:" + user.Id, Audit.AuditActions.SignInDecision, "user:" + user.Id,
            new { first_factor = FirstFactors.Password, decision = decision.GetType().Name, rule = decision.Rule }, ct);
        // Only back into this tenant (ReturnUrls.Safe, in ContinueAsync); this page also refuses what Url.IsLocalUrl
        // refuses beyond that (control characters), as it always has.
        return await secondStep.ContinueAsync(HttpContext, user, FirstFactors.Password, decision,
            Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null, ct);
    }
}
