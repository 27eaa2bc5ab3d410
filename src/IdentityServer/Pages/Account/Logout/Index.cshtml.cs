using IdentityServer.Account;
using IdentityServer.Oidc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Pages.Account.Logout;

/// <summary>
/// Signs the browser out of this tenant (POST only, with antiforgery). Reached from connect/endsession
/// without an id_token_hint, it asks the user to confirm: its form posts the end-session parameters
/// back to connect/endsession, which then signs out and redirects to the client.
/// </summary>
internal sealed class IndexModel : PageModel
{
    /// <summary>The end-session parameters to carry back; null when the page was not reached from connect/endsession.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? EndSession { get; private set; }

    public IActionResult OnGet()
    {
        if (Request.Query["endsession"] != "1")
        {
            return LocalRedirect(Request.PathBase + "/account/signed-in");
        }
        EndSession = EndSessionEndpoint.Parameters
            .Where(p => Request.Query[p].Count == 1 && !string.IsNullOrEmpty(Request.Query[p]))
            .Select(p => KeyValuePair.Create(p, Request.Query[p].ToString())).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(SessionScheme.Name);
        return LocalRedirect(Request.PathBase + "/account/logged-out");
    }
}
