using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>/t/{tenant}/users: search, and disable or enable a user.</summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public List<UserView> Users { get; private set; } = [];

    public long Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) => SetStatusAsync(id, "disable", "disabled", ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) => SetStatusAsync(id, "enable", "enabled", ct);

    private async Task<IActionResult> SetStatusAsync(string id, string action, string done, CancellationToken ct)
    {
        Record(await api.PostAsync(Tenant, $"/users/{Uri.EscapeDataString(id)}/{action}", null, ct),
            result => $"The user {result.As<UserView>()?.Email ?? id} was {done}.");
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = "/users?page_size=50" + (string.IsNullOrWhiteSpace(Search) ? "" : "&search=" + Uri.EscapeDataString(Search.Trim()));
        var list = await api.GetAsync(Tenant, query, ct);
        if (list.Succeeded && list.As<PageOf<UserView>>() is { } page)
        {
            Users = page.Items;
            Total = page.Total;
        }
        else
        {
            Failure ??= list;
        }
    }
}
