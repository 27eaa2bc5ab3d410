using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>/t/{tenant}/apps/{clientId}/edit: changes a client's redirect URIs, post-logout URIs and grants.</summary>
public sealed class EditModel(ManagementClient api) : TenantPageModel
{
    [BindProperty(SupportsGet = true)]
    public string ClientId { get; set; } = "";

    [BindProperty]
    public EditInput Input { get; set; } = new();

    /// <summary>The client as the server has it; null when it could not be read.</summary>
    public ClientView? Client { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } client)
        {
            Input = EditInput.From(client);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } current)
        {
            return Page();
        }
        if (ClientId == TenantOidcOptions.ClientId)
        {
            Failure = ApiResult.BadRequest("The admin app's own registration cannot be changed here: a wrong URI would lock every admin out.");
            return Page();
        }
        var saved = await api.PutAsync(Tenant, Path, Input.ToRequest(current), ct);
        if (!saved.Succeeded)
        {
            // The admin's input stays in the form, next to the rule it broke.
            Failure = saved;
            return Page();
        }
        Client = saved.As<ClientView>() ?? current;
        ModelState.Clear();
        Input = EditInput.From(Client);
        Success = $"The application {ClientId} was saved.";
        return Page();
    }

    private string Path => "/clients/" + Uri.EscapeDataString(ClientId);

    private async Task<ClientView?> LoadAsync(CancellationToken ct)
    {
        var read = await api.GetAsync(Tenant, Path, ct);
        Client = read.Succeeded ? read.As<ClientView>() : null;
        if (Client is null)
        {
            Failure = read;
        }
        return Client;
    }
}
