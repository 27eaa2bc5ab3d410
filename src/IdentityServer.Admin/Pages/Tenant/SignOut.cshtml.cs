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

    /// <summary>The session serving this page: the tenant's own, or tenant platform's for a platform admin.</summary>
    public IActionResult OnPost()
    {
        var session = AdminTenant.SessionOf(HttpContext) ?? Tenant;
        return SignOut(new AuthenticationProperties { RedirectUri = $"/signed-out?tenant={session}" },
            TenantSchemes.Cookie(session), TenantSchemes.Oidc(session));
    }
}
