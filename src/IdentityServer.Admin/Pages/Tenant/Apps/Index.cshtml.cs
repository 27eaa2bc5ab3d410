using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>/t/{tenant}/apps: the tenant's applications (OAuth clients); delete one.</summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    public List<ClientView> Clients { get; private set; } = [];

    public long Total { get; private set; }

    /// <summary>This app's own registration: deleting it would lock every admin out.</summary>
    public static bool IsAdminApp(ClientView client) => client.ClientId == TenantOidcOptions.ClientId;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDeleteAsync(string clientId, CancellationToken ct)
    {
        if (clientId == TenantOidcOptions.ClientId)
        {
            Failure = ApiResult.BadRequest("The admin app's own registration cannot be deleted here.");
        }
        else
        {
            Record(await api.DeleteAsync(Tenant, "/clients/" + Uri.EscapeDataString(clientId), ct),
                _ => $"The application {clientId} was deleted. Its tokens no longer work.");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var list = await api.GetAsync(Tenant, "/clients?page_size=100", ct);
        if (list.As<PageOf<ClientView>>() is { } page && list.Succeeded)
        {
            Clients = page.Items;
            Total = page.Total;
        }
        else
        {
            Failure ??= list;
        }
    }
}
