using IdentityServer.Account.SelfService;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Pages.Account.ForgotPassword;

/// <summary>
/// "Forgot password?" (SPEC 2 forgot-password): emails a single-use reset link. The same page and words for a
/// known and an unknown address; limited per address and per client IP like the emailed codes (429 when reached).
/// Not found where password sign-in is off.
/// </summary>
internal sealed class IndexModel(PasswordResets resets, TenantContext tenant) : SelfServicePage(tenant)
{
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Set once the request was taken: the address typed, shown back.</summary>
    public string? SentTo { get; private set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => Settings.SignIn.Password.Enabled ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Settings.SignIn.Password.Enabled)
        {
            return NotFound();
        }
        if (SelfServiceMail.ValidAddress(Email) is not { } email)
        {
            Error = T["email.invalid"];
            return Page();
        }
        switch (await resets.RequestAsync(email, ClientIp, T, Request, ct))
        {
            case SelfServiceSend.Limited limited:
                Error = Limited(limited.RetryAfter);
                return Page();
            default:
                SentTo = email;
                return Page();
        }
    }
}
