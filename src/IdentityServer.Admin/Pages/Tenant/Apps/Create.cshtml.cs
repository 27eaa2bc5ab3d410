using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>/t/{tenant}/apps/new: registers a client; a confidential client's secret is shown once, on the answer page only.</summary>
public sealed class CreateModel(ManagementClient api) : TenantPageModel
{
    public static readonly (string Id, string Label, string Help)[] Grants = GrantNames.Offered;

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    /// <summary>The created client; its secret is in this answer only.</summary>
    public ClientView? Created { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await api.PostAsync(Tenant, "/clients", Input.ToRequest(), ct);
        if (!created.Succeeded)
        {
            Failure = created;
            return Page();
        }
        Created = created.As<ClientView>();
        // The secret must not be cached anywhere on the way back.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
