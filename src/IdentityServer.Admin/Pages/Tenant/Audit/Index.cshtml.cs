using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Audit;

/// <summary>/t/{tenant}/audit: who changed what and when, and sign-in decisions with their rule; filterable by action prefix and actor.</summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    /// <summary>From ?page= (read by hand: "page" is also Razor Pages' own route value).</summary>
    public int PageNumber { get; private set; } = 1;

    public List<AuditEntry> Entries { get; private set; } = [];

    public long Total { get; private set; }

    public bool HasNext => (long)PageNumber * PageSize < Total;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = int.TryParse(Request.Query["page"], out var number) && number > 0 ? number : 1;
        var query = $"/audit?page={PageNumber}&page_size={PageSize}" + Param("action", ActionFilter) + Param("actor", Actor);
        var list = await api.GetAsync(Tenant, query, ct);
        if (list.Succeeded && list.As<PageOf<AuditEntry>>() is { } page)
        {
            Entries = page.Items;
            Total = page.Total;
        }
        else
        {
            Failure = list;
        }
    }

    /// <summary>A link to another page of the same filtered list.</summary>
    public string PageLink(int number) =>
        $"/t/{Tenant}/audit?page={number}" + Param("action", ActionFilter) + Param("actor", Actor);

    private static string Param(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value.Trim())}";
}
