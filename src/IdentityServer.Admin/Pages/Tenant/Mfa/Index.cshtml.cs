using System.Text.Json.Nodes;
using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Mfa;

/// <summary>/t/{tenant}/mfa: when a second factor is asked for and which factors are offered.</summary>
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
            // The admin's choices stay on the form; the server kept the old policy.
            Failure = saved;
            return Page();
        }
        ModelState.Clear();
        Input = InputModel.From((JsonObject)saved.Body!);
        Success = "MFA policy saved. It applies to the next sign-in.";
        return Page();
    }

    public bool Has(string factor) => Input.Factors.Contains(factor);
}
