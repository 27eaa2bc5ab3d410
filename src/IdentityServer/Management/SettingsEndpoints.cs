using System.Text.Json;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Management;

internal static class SettingsEndpoints
{
    public static void MapSettings(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/settings", (TenantContext t) =>
            Results.Json(TenantSettingsStore.Read(t.Current!), SettingsJson.Options));
        tenant.MapPut("/settings", ReplaceAsync).Accepts<TenantSettings>("application/json")
            .WithMetadata(new AuditedAttribute(Audit.AuditActions.SettingsChanged));
    }

    // The body is read with the settings' own strict options: unknown keys and wrong types are 400.
    private static async Task<IResult> ReplaceAsync(HttpRequest request, TenantContext t, TenantSettingsStore store, Audit.AuditLog audit, CancellationToken ct)
    {
        TenantSettings? settings;
        try
        {
            settings = await JsonSerializer.DeserializeAsync<TenantSettings>(request.Body, SettingsJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"The settings document is not valid: {e.Message}");
        }
        if (settings is null)
        {
            return Problems.BadRequest("The settings document is missing.");
        }
        var errors = await store.ReplaceAsync(t.Current!, SettingsJson.Normalize(settings), ct);
        if (errors.Count > 0)
        {
            // A refused change is worth knowing about too: which rule stopped it.
            var actor = ManagementCaller.From(request.HttpContext.User)?.Actor ?? "unknown";
            await audit.WriteAsync(actor, Audit.AuditActions.SettingsRefused, "tenant:" + t.RequiredTenantId, new { errors }, ct);
            return Problems.Invalid(errors);
        }
        return Results.Json(TenantSettingsStore.Read(t.Current!), SettingsJson.Options);
    }
}
