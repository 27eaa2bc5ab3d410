using System.Text.Json.Nodes;
using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant;

/// <summary>The part of the settings document one page edits: read from it, written back into it.</summary>
public interface ISettingsInput<TSelf> where TSelf : ISettingsInput<TSelf>
{
    static abstract TSelf From(JsonObject document);

    void ApplyTo(JsonObject document);
}

/// <summary>
/// A page over the tenant's settings document: read, change this page's keys, write back. The API
/// checks P1-P5 on the whole document, so a refusal keeps the admin's input and changes nothing.
/// </summary>
public abstract class SettingsPageModel<TInput>(ManagementClient api, string savedMessage) : TenantPageModel
    where TInput : class, ISettingsInput<TInput>, new()
{
    [BindProperty]
    public TInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var read = await api.GetAsync(Tenant, "/settings", ct);
        if (read.Body is JsonObject document)
        {
            Input = TInput.From(document);
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
            // The admin's choices stay on the form; the server kept the old settings.
            Failure = saved;
            return Page();
        }
        ModelState.Clear();
        Input = TInput.From((JsonObject)saved.Body!);
        Success = savedMessage;
        return Page();
    }
}
