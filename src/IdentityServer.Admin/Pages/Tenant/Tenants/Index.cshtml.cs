using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace IdentityServer.Admin.Pages.Tenant.Tenants;

/// <summary>
/// /t/platform/tenants: the platform admins' page: every tenant, paged; create one; disable or
/// enable one. Only in tenant platform and only for its platform admins; anyone else gets 403.
/// </summary>
public sealed class IndexModel(ManagementClient api) : TenantPageModel
{
    public const int PageSize = 20;

    [BindProperty]
    public CreateTenantInput Input { get; set; } = new();

    /// <summary>From ?page= (read by hand: "page" is also Razor Pages' own route value).</summary>
    public int PageNumber { get; private set; } = 1;

    public List<TenantView> Tenants { get; private set; } = [];

    public long Total { get; private set; }

    public bool HasNext => (long)PageNumber * PageSize < Total;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // The gate let a tenant's admin in; the tenants themselves are the platform admins' only.
        if (!AdminRoles.MayRunPlatform(User, Tenant))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }
        PageNumber = int.TryParse(Request.Query["page"], out var number) && number > 0 ? number : 1;
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var created = await api.TenantsPostAsync("", Input.ToRequest(), ct);
        if (created.Succeeded)
        {
            var tenant = created.As<TenantView>();
            Success = $"The tenant {tenant?.Slug} was created. Its admin app sign-in is ready at /t/{tenant?.Slug}; add a tenant_admin user to it to hand it over.";
            ModelState.Clear();
            Input = new CreateTenantInput();
        }
        else
        {
            Failure = created;
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(string slug, CancellationToken ct) => SetStatusAsync(slug, "disable", "disabled: its users cannot sign in and its apps get no tokens", ct);

    public Task<IActionResult> OnPostEnableAsync(string slug, CancellationToken ct) => SetStatusAsync(slug, "enable", "enabled again", ct);

    /// <summary>A link to another page of the list.</summary>
    public string PageLink(int number) => $"/t/{Tenant}/tenants?page={number}";

    /// <summary>A form's action: the handler, on the page of the list shown ("page" cannot be a route value here).</summary>
    public string HandlerLink(string handler) => $"/t/{Tenant}/tenants?handler={handler}&page={PageNumber}";

    private async Task<IActionResult> SetStatusAsync(string slug, string action, string done, CancellationToken ct)
    {
        Record(await api.TenantsPostAsync($"/{Uri.EscapeDataString(slug ?? "")}/{action}", null, ct),
            _ => $"The tenant {slug} was {done}.");
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var list = await api.TenantsGetAsync($"?page={PageNumber}&page_size={PageSize}", ct);
        if (list.Succeeded && list.As<PageOf<TenantView>>() is { } page)
        {
            Tenants = page.Items;
            Total = page.Total;
        }
        else
        {
            Failure ??= list;
        }
    }
}
