using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Admin.Pages;

/// <summary>The landing page: pick the tenant to administer.</summary>
public sealed class IndexModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Tenant { get; set; }

    public bool Invalid { get; private set; }

    public IActionResult OnGet()
    {
        if (string.IsNullOrEmpty(Tenant))
        {
            return Page();
        }
        Tenant = Tenant.Trim().ToLowerInvariant();
        if (!TenantSlug.IsValid(Tenant))
        {
            Invalid = true;
            return Page();
        }
        return LocalRedirect("/t/" + Tenant);
    }
}
