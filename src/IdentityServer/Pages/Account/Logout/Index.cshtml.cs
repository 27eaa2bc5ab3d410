using IdentityServer.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Logout;

/// <summary>Signs the browser out of this tenant (POST only, with antiforgery).</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(Request.PathBase + "/account/signed-in");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(SessionScheme.Name);
        return LocalRedirect(Request.PathBase + "/account/logged-out");
    }
}
