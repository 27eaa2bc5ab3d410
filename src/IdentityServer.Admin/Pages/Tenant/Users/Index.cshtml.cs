using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Users;

/// <summary>/t/{tenant}/users: every user with name, email or phone and status; search (?q=) by any of them; disable or enable.</summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    /// <summary>The search: a part of a name, email or phone number (?q=, as the API's).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<UserView> Users { get; private set; } = [];

    public long Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // After a delete on the user's page, which came back here.
        Success = TempData["Success"] as string;
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) => SetStatusAsync(id, "disable", "disabled", ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) => SetStatusAsync(id, "enable", "enabled", ct);

    private async Task<IActionResult> SetStatusAsync(string id, string action, string done, CancellationToken ct)
    {
        Record(await api.PostAsync(Tenant, $"/users/{Uri.EscapeDataString(id)}/{action}", null, ct),
            result => $"The user {(result.As<UserView>() is { } u ? u.Contact ?? u.Label : id)} was {done}.");
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = "/users?page_size=50" + (string.IsNullOrWhiteSpace(Q) ? "" : "&q=" + Uri.EscapeDataString(Q.Trim()));
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
