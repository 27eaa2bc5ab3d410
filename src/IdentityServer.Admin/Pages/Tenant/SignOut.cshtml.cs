using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant;

/// <summary>Ends both sessions: the tenant's admin cookie here, then the server's session (RP-initiated logout).</summary>
public sealed class SignOutModel : TenantPageModel
{
    public void OnGet()
    {
    }

    public IActionResult OnPost() =>
        SignOut(new AuthenticationProperties { RedirectUri = $"/signed-out?tenant={Tenant}" },
            TenantSchemes.Cookie(Tenant), TenantSchemes.Oidc(Tenant));
}
