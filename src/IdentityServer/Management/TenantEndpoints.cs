using IdentityServer.Data;
using IdentityServer.Tenancy;

namespace IdentityServer.Management;

internal static class TenantEndpoints
{
    public static void MapTenants(this RouteGroupBuilder api)
    {
        var platform = api.MapGroup("/tenants").AddEndpointFilter<PlatformAdminFilter>();
        platform.MapPost("", CreateAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.TenantCreated));
        platform.MapGet("", ListAsync);
        platform.MapPatch("/{slug}", UpdateAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.TenantUpdated));
        platform.MapPost("/{slug}/disable", (string slug, TenantCatalog c, CancellationToken ct) => SetStatusAsync(slug, TenantStatus.Disabled, c, ct))
            .WithMetadata(new AuditedAttribute(Audit.AuditActions.TenantUpdated));
        platform.MapPost("/{slug}/enable", (string slug, TenantCatalog c, CancellationToken ct) => SetStatusAsync(slug, TenantStatus.Active, c, ct))
            .WithMetadata(new AuditedAttribute(Audit.AuditActions.TenantUpdated));
        // SPEC 7: tenants are read by platform admins only; a tenant admin reads its own settings instead.
        platform.MapGet("/{slug}", (TenantContext t) => TypedResults.Ok(TenantModel.From(t.Current!)))
            .AddEndpointFilter<TenantAccessFilter>();
    }

    private static async Task<IResult> CreateAsync(TenantModel body, TenantCatalog catalog, HttpContext http, CancellationToken ct)
    {
        if (!TenantSlug.IsValid(body.Slug))
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["slug"] = ["slug is 1-40 characters of a-z, 0-9 and inner hyphens."],
            });
        }
        if (body.DisplayName is { Length: > 200 })
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["display_name"] = ["display_name is at most 200 characters."] });
        }
        if (await catalog.FindAsync(body.Slug, ct) is not null)
        {
            return Problems.Conflict($"The tenant '{body.Slug}' exists already.");
        }
        var tenant = await catalog.CreateAsync(body.Slug, string.IsNullOrWhiteSpace(body.DisplayName) ? body.Slug : body.DisplayName, null, ct);
        // A new tenant can be run from the admin app at once (SPEC 7).
        await Bootstrap.AdminAppClient.EnsureAsync(http.RequestServices, tenant.Id, ct);
        return TypedResults.Created($"/api/v1/tenants/{tenant.Id}", TenantModel.From(tenant));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, TenantCatalog catalog, CancellationToken ct)
    {
        if (!Paging.TryRead(request, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }
        var (items, total) = await catalog.ListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new Page<TenantModel>(items.Select(TenantModel.From).ToList(), total));
    }

    private static async Task<IResult> UpdateAsync(string slug, TenantModel body, TenantCatalog catalog, CancellationToken ct)
    {
        var tenant = await catalog.FindAsync(slug, ct);
        if (tenant is null)
        {
            return Problems.NotFound($"There is no tenant '{slug}'.");
        }
        if (body.Status is not (null or "active" or "disabled"))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["status"] = ["status is active or disabled."] });
        }
        if (body.Status == "disabled" && slug == Tenant.Platform)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["status"] = ["The platform tenant cannot be disabled."] });
        }
        if (body.DisplayName is { Length: > 200 })
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["display_name"] = ["display_name is at most 200 characters."] });
        }
        if (!string.IsNullOrWhiteSpace(body.DisplayName))
        {
            Tenancy.Settings.TenantSettingsStore.Rename(tenant, body.DisplayName);
        }
        if (body.Status is not null)
        {
            tenant.Status = body.Status == "active" ? TenantStatus.Active : TenantStatus.Disabled;
        }
        await catalog.SaveAsync(tenant, ct);
        return TypedResults.Ok(TenantModel.From(tenant));
    }

    private static Task<IResult> SetStatusAsync(string slug, TenantStatus status, TenantCatalog catalog, CancellationToken ct) =>
        UpdateAsync(slug, new TenantModel(slug, null, status == TenantStatus.Active ? "active" : "disabled", null), catalog, ct);
}
