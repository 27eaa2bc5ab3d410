namespace IdentityServer.Admin.Pages.Tenant;

/// <summary>/t/{tenant}: the tenant's overview.</summary>
public sealed class HomeModel : TenantPageModel
{
    public void OnGet()
    {
    }
}
