using IdentityServer.Data;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityServer.Management;

internal static class TenantEndpoints
{
    public static void MapTenants(this RouteGroupBuilder api)
    {
        var platform = api.MapGroup("/tenants").AddEndpointFilter<PlatformAdminFilter>().WithValidation()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        platform.MapPost("", CreateAsync).Audited(Audit.AuditActions.TenantCreated);
        platform.MapGet("", ListAsync);
        platform.MapPatch("/{slug}", UpdateAsync).Audited(Audit.AuditActions.TenantUpdated);
        platform.MapPost("/{slug}/disable", (string slug, TenantCatalog c, AuditTrail trail, CancellationToken ct) =>
            UpdateAsync(slug, new TenantModel(slug, null, "disabled", null), c, trail, ct)).Audited(Audit.AuditActions.TenantUpdated);
        platform.MapPost("/{slug}/enable", (string slug, TenantCatalog c, AuditTrail trail, CancellationToken ct) =>
            UpdateAsync(slug, new TenantModel(slug, null, "active", null), c, trail, ct)).Audited(Audit.AuditActions.TenantUpdated);
        // SPEC 7: tenants are read by platform admins only; a tenant admin reads its own settings instead.
        platform.MapGet("/{slug}", (TenantContext t) => TypedResults.Ok(TenantModel.From(t.Required)))
            .AddEndpointFilter<TenantAccessFilter>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<TenantModel>, ConflictProblem>> CreateAsync(TenantModel body, TenantCatalog catalog,
        HttpContext http, AuditTrail trail, CancellationToken ct)
    {
        if (await catalog.FindAsync(body.Slug, ct) is not null)
        {
            return Problems.Conflict($"The tenant '{body.Slug}' exists already.");
        }
        var tenant = await catalog.CreateAsync(body.Slug, string.IsNullOrWhiteSpace(body.DisplayName) ? body.Slug : body.DisplayName, null, ct);
        // A new tenant can be run from the admin app at once (SPEC 7).
        await http.RequestServices.GetRequiredService<ITenantProvisioning>().ProvisionAsync(tenant.Id, ct);
        var created = TenantModel.From(tenant);
        trail.On("tenant:" + tenant.Id).IsAfter(created);
        return TypedResults.Created($"/api/v1/tenants/{tenant.Id}", created);
    }

    private static async Task<Results<Ok<Page<TenantModel>>, BadRequestProblem>> ListAsync([AsParameters] PageQuery query,
        TenantCatalog catalog, CancellationToken ct)
    {
        if (query.Paging() is not { } paging)
        {
            return Problems.BadRequest(Paging.Error);
        }
        var (items, total) = await catalog.ListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new Page<TenantModel>(items.Select(TenantModel.From).ToList(), total));
    }

    // The body was checked by TenantBodyRules (the group's validation); the two status routes build theirs.
    private static async Task<Results<Ok<TenantModel>, NotFoundProblem, InvalidProblem>> UpdateAsync(string slug, TenantModel body,
        TenantCatalog catalog, AuditTrail trail, CancellationToken ct)
    {
        var tenant = await catalog.FindAsync(slug, ct);
        if (tenant is null)
        {
            return Problems.NotFound($"There is no tenant '{slug}'.");
        }
        if (body.Status == "disabled" && slug == Tenant.Platform)
        {
            return Problems.Invalid("status", "The platform tenant cannot be disabled.");
        }
        trail.On("tenant:" + slug).WasBefore(TenantModel.From(tenant));
        if (!string.IsNullOrWhiteSpace(body.DisplayName))
        {
            Tenancy.Settings.TenantSettingsStore.Rename(tenant, body.DisplayName);
        }
        if (body.Status is not null)
        {
            tenant.Status = body.Status == "active" ? TenantStatus.Active : TenantStatus.Disabled;
        }
        await catalog.SaveAsync(tenant, ct);
        var after = TenantModel.From(tenant);
        trail.IsAfter(after);
        return TypedResults.Ok(after);
    }
}
