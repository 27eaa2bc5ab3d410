using IdentityServer.Account.SelfService;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Pages.Account.VerifyEmail;

/// <summary>
/// The page of an emailed confirmation link: a registration's (user, token) or an added address's (user, email,
/// token, from the Security page). Following the link confirms the address; a link that does not work says so.
/// </summary>
internal sealed class IndexModel(Registrations registrations, EmailAddresses addresses, TenantContext tenant) : SelfServicePage(tenant)
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "email")]
    public string? NewEmail { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    /// <summary>The confirmed address; null when the link did not work.</summary>
    public string? Confirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NoReferrer();
        Confirmed = NewEmail is null
            ? await registrations.ConfirmAsync(UserId, Token, ct)
            : await addresses.ConfirmAsync(UserId, NewEmail, Token, ct);
        return Page();
    }
}
