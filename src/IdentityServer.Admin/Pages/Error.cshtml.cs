using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Admin.Pages;

/// <summary>403 (not an admin of the tenant), 404 and errors, re-executed by the status code pages.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Status { get; set; }

    public string? Tenant => AdminTenant.Of(HttpContext);

    /// <summary>The 403 of the tenants page, which only platform admins may open.</summary>
    public bool PlatformPage =>
        HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath is { } path
        && path.EndsWith("/tenants", StringComparison.Ordinal);

    public string Title => Status switch
    {
        403 when PlatformPage => "Only for platform administrators",
        403 => "Not an administrator of this tenant",
        404 => "Not found",
        _ => "Something went wrong",
    };

    public void OnGet() => Response.StatusCode = Status is >= 400 and < 600 ? Status.Value : 500;

    public void OnPost() => OnGet();
}
