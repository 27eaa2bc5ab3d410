using System.Text.Json.Nodes;
using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.QuickSignIn;

/// <summary>/t/{tenant}/quick-sign-in: SMS sign-in settings, read and written as the settings document.</summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var read = await api.GetAsync(Tenant, "/settings", ct);
        if (read.Body is JsonObject document)
        {
            Input = InputModel.From(document);
        }
        else
        {
            Failure = read;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // Read, change this page's keys, write back: the API checks P1-P5 and refuses as a whole.
        var read = await api.GetAsync(Tenant, "/settings", ct);
        if (read.Body is not JsonObject document)
        {
            Failure = read;
            return Page();
        }
        Input.ApplyTo(document);
        var saved = await api.PutAsync(Tenant, "/settings", document, ct);
        if (!saved.Succeeded)
        {
            Failure = saved;
            return Page();
        }
        ModelState.Clear();
        Input = InputModel.From((JsonObject)saved.Body!);
        Success = "Quick sign-in settings saved. They apply to the next sign-in.";
        return Page();
    }
}
