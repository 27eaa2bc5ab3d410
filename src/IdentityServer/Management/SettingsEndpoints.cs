using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Management;

/// <summary>
/// GET, PUT (the whole document) and PATCH (an RFC 7396 merge patch) of a tenant's settings.
/// Issue 12 point 14: a key is never reset by omission; both writes go through P1-P5.
/// </summary>
internal static class SettingsEndpoints
{
    public const string MergePatchType = "application/merge-patch+json";

    public static void MapSettings(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/settings", (TenantContext t) =>
            Results.Json(TenantSettingsStore.Read(t.Current!), SettingsJson.Options));
        tenant.MapPut("/settings", ReplaceAsync).Accepts<TenantSettings>("application/json")
            .WithMetadata(new AuditedAttribute(Audit.AuditActions.SettingsChanged));
        tenant.MapPatch("/settings", PatchAsync).Accepts<TenantSettings>(MergePatchType)
            .WithMetadata(new AuditedAttribute(Audit.AuditActions.SettingsChanged));
    }

    private static async Task<IResult> ReplaceAsync(HttpRequest request, TenantContext t, TenantSettingsStore store, Audit.AuditLog audit, CancellationToken ct)
    {
        var (body, error) = await ReadObjectAsync(request, ct);
        return error ?? await StoreAsync(body!, request, t, store, audit, ct);
    }

    private static async Task<IResult> PatchAsync(HttpRequest request, TenantContext t, TenantSettingsStore store, Audit.AuditLog audit, CancellationToken ct)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), MergePatchType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem($"PATCH takes a JSON merge patch ({MergePatchType}).", statusCode: 415, title: "Unsupported media type");
        }
        var (patch, error) = await ReadObjectAsync(request, ct);
        if (error is not null)
        {
            return error;
        }
        var merged = (JsonObject)SettingsDocument.MergePatch(SettingsDocument.ToJson(TenantSettingsStore.Read(t.Current!)), patch)!;
        return await StoreAsync(merged, request, t, store, audit, ct);
    }

    /// <summary>A whole document: the settings' strict types (400), every key present (422 naming the missing ones), then P1-P5.</summary>
    private static async Task<IResult> StoreAsync(JsonObject document, HttpRequest request, TenantContext t, TenantSettingsStore store,
        Audit.AuditLog audit, CancellationToken ct)
    {
        TenantSettings? settings;
        try
        {
            // Unknown keys and wrong types are refused by the settings' own options.
            settings = document.Deserialize<TenantSettings>(SettingsJson.Options);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"The settings document is not valid: {e.Message}");
        }
        if (settings is null)
        {
            return Problems.BadRequest("The settings document is missing.");
        }
        var missing = SettingsDocument.MissingKeys(document);
        if (missing.Count > 0)
        {
            return Problems.Invalid(missing.ToDictionary(k => k, k =>
                new[] { $"'{k}' is missing: PUT takes the whole settings document (PATCH with {MergePatchType} changes some keys)." }));
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

    private static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken: ct);
            if (node is not JsonObject body)
            {
                return (null, Problems.BadRequest("The settings document is a JSON object."));
            }
            // Duplicate keys surface on first access: touch every level now, while errors are still a 400.
            _ = body.ToJsonString();
            Touch(body);
            return (body, null);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return (null, Problems.BadRequest($"The settings document is not valid JSON: {e.Message}"));
        }
    }

    private static void Touch(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    Touch(value);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Touch(item);
                }
                break;
        }
    }
}
