using IdentityServer.Admin.Management;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin.Pages.Tenant.Audit;

/// <summary>
/// /t/{tenant}/audit: who changed what and when, from where, and sign-in decisions with their rule;
/// filterable by actor, action and date range, exported as CSV or JSON lines through the API.
/// </summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    /// <summary>A date (yyyy-MM-dd, from the date input): events of that day and after.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>A date: events up to the end of that day.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>From ?page= (read by hand: "page" is also Razor Pages' own route value).</summary>
    public int PageNumber { get; private set; } = 1;

    public List<AuditEntry> Entries { get; private set; } = [];

    public long Total { get; private set; }

    public bool HasNext => (long)PageNumber * PageSize < Total;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = int.TryParse(Request.Query["page"], out var number) && number > 0 ? number : 1;
        var list = await api.GetAsync(Tenant, $"/audit?page={PageNumber}&page_size={PageSize}" + Filters, ct);
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

    /// <summary>?handler=Export&amp;format=csv|jsonl: the API's export of the same filters, passed on as a download.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        format = format == "jsonl" ? "jsonl" : "csv";
        var response = await api.StreamAsync(Tenant, $"/audit/export?format={format}" + Filters, ct);
        HttpContext.Response.RegisterForDispose(response);
        if (!response.IsSuccessStatusCode)
        {
            // A filter the API refused (a bad date): the page shows why.
            return LocalRedirect($"/t/{Tenant}/audit?page=1" + Filters);
        }
        var type = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        return File(await response.Content.ReadAsStreamAsync(ct), type, $"audit-{Tenant}.{format}");
    }

    /// <summary>A link to another page of the same filtered list.</summary>
    public string PageLink(int number) => $"/t/{Tenant}/audit?page={number}" + Filters;

    /// <summary>The export of the current filters.</summary>
    public string ExportLink(string format) => $"/t/{Tenant}/audit?handler=Export&format={format}" + Filters;

    private string Filters => Param("action", ActionFilter) + Param("actor", Actor) + Param("from", From) + Param("to", To);

    private static string Param(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value.Trim())}";
}
