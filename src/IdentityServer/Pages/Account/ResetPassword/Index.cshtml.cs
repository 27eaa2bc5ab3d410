using IdentityServer.Account.SelfService;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Pages.Account.ResetPassword;

/// <summary>
/// The page of a reset link (SPEC 2 reset-password; sent by "Forgot password?" and by an admin): a new password,
/// set with the link's single-use token. A used, expired or altered link says so and offers a new one.
/// </summary>
internal sealed class IndexModel(PasswordResets resets, TenantContext tenant) : SelfServicePage(tenant)
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool LinkWorks { get; private set; }

    public bool Done { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        NoReferrer();
        LinkWorks = await resets.CheckAsync(UserId, Token) is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        NoReferrer();
        LinkWorks = true;
        if (string.IsNullOrEmpty(NewPassword) || NewPassword != ConfirmPassword)
        {
            Errors = [T["reset.mismatch"]];
            return Page();
        }
        switch (await resets.ResetAsync(UserId, Token, NewPassword, ct))
        {
            case PasswordResetOutcome.Refused refused:
                Errors = refused.Errors;
                break;
            case PasswordResetOutcome.InvalidLink:
                LinkWorks = false;
                break;
            default:
                Done = true;
                break;
        }
        return Page();
    }
}
