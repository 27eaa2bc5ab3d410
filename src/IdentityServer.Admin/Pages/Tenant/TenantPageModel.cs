using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityServer.Admin.Pages.Tenant;

/// <summary>A page of /t/{tenant}/: the tenant is the one the gate checked, and a refused change is kept for the view.</summary>
public abstract class TenantPageModel : PageModel
{
    /// <summary>The tenant of the URL; the gate has already checked the admin may run it.</summary>
    public string Tenant => AdminTenant.Of(HttpContext) ?? throw new InvalidOperationException("No tenant for this page.");

    /// <summary>The API's answer when it refused (422 with the rule) or failed.</summary>
    public ApiResult? Failure { get; protected set; }

    /// <summary>Shown after a save that worked.</summary>
    public string? Success { get; protected set; }

    /// <summary>Keeps an API call's outcome for the view: the success message, or the API's answer when it refused.</summary>
    protected void Record(ApiResult result, Func<ApiResult, string> success)
    {
        if (result.Succeeded)
        {
            Success = success(result);
        }
        else
        {
            Failure = result;
        }
    }

    /// <summary>The API's messages for one field (its key in the settings or resource document).</summary>
    public IEnumerable<string> ErrorsFor(string key) =>
        Failure?.Errors.TryGetValue(key, out var messages) == true ? messages : [];
}
