using IdentityServer.Account.SelfService;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Pages.Account.Register;

/// <summary>
/// Self-service registration (SPEC 2 register, sign_in.registration.enabled): email and password; the account
/// signs in once the emailed link confirmed its address. One answer for every address. Not found where the
/// tenant has it off (or password sign-in off).
/// </summary>
internal sealed class IndexModel(Registrations registrations, TenantContext tenant) : SelfServicePage(tenant)
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? SentTo { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public IActionResult OnGet() => Registrations.Open(Settings) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Registrations.Open(Settings))
        {
            return NotFound();
        }
        if (SelfServiceMail.ValidAddress(Email) is not { } email)
        {
            Errors = [T["email.invalid"]];
            return Page();
        }
        switch (await registrations.RegisterAsync(email, Password ?? "", ClientIp, T, Request, ct))
        {
            case RegistrationOutcome.Refused refused:
                Errors = refused.Errors;
                break;
            case RegistrationOutcome.Sent { Send: SelfServiceSend.Limited limited }:
                Errors = [Limited(limited.RetryAfter)];
                break;
            default:
                SentTo = email;
                break;
        }
        return Page();
    }
}
