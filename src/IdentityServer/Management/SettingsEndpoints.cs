using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using SettingsChange = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<IdentityServer.Tenancy.Settings.TenantSettings>,
    IdentityServer.Management.BadRequestProblem, IdentityServer.Management.InvalidProblem>;

namespace IdentityServer.Management;

/// <summary>
/// GET, PUT (the whole document) and PATCH (an RFC 7396 merge patch) of a tenant's settings.
/// Issue 12 point 14: a key is never reset by omission; both writes go through P1-P5.
/// The body is read here (not bound): PATCH needs the document as sent, keys left out included.
/// </summary>
internal static class SettingsEndpoints
{
    public const string MergePatchType = "application/merge-patch+json";

    public static void MapSettings(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/settings", (TenantContext t) => TypedResults.Json(t.Settings, SettingsJson.Options))
            .Produces<TenantSettings>();
        tenant.MapPut("/settings", ReplaceAsync).Accepts<TenantSettings>("application/json").Produces<TenantSettings>()
            .Audited(Audit.AuditActions.SettingsChanged);
        tenant.MapPatch("/settings", PatchAsync).Accepts<TenantSettings>(MergePatchType).Produces<TenantSettings>()
            .Audited(Audit.AuditActions.SettingsChanged);
    }

    private static async Task<SettingsChange> ReplaceAsync(HttpRequest request, TenantContext t, TenantSettingsStore store, AuditTrail trail, CancellationToken ct)
    {
        var (body, error) = await ReadObjectAsync(request, ct);
        return error is not null ? error : await StoreAsync(body!, t, store, trail, ct);
    }

    private static async Task<Results<JsonHttpResult<TenantSettings>, BadRequestProblem, InvalidProblem, UnsupportedMediaProblem>> PatchAsync(
        HttpRequest request, TenantContext t, TenantSettingsStore store, AuditTrail trail, CancellationToken ct)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), MergePatchType, StringComparison.OrdinalIgnoreCase))
        {
            return new UnsupportedMediaProblem($"PATCH takes a JSON merge patch ({MergePatchType}).");
        }
        var (patch, error) = await ReadObjectAsync(request, ct);
        if (error is not null)
        {
            return error;
        }
        var merged = (JsonObject)SettingsDocument.MergePatch(SettingsDocument.ToJson(t.Settings), patch)!;
        return await StoreAsync(merged, t, store, trail, ct) switch
        {
            { Result: JsonHttpResult<TenantSettings> ok } => ok,
            { Result: BadRequestProblem bad } => bad,
            { Result: var other } => (InvalidProblem)other,
        };
    }

    /// <summary>A whole document: the settings' strict types (400), every key present (422 naming the missing ones), then P1-P5.</summary>
    private static async Task<SettingsChange> StoreAsync(JsonObject document, TenantContext t, TenantSettingsStore store, AuditTrail trail, CancellationToken ct)
    {
        TenantSettings? settings;
        try
        {
            // Unknown keys and wrong types are refused by the settings' own options.
            settings = document.Deserialize<TenantSettings>(SettingsJson.Options);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest(JsonBodyErrors.Describe(e, typeof(TenantSettings), SettingsJson.Options).Message);
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
        trail.On("tenant:" + t.RequiredTenantId).WasBefore(t.Settings);
        var errors = await store.ReplaceAsync(t.Required, SettingsJson.Normalize(settings), ct);
        if (errors.Count > 0)
        {
            // A refused change is worth knowing about too: which rule stopped it.
            trail.IsAfter(settings).Refused(Audit.AuditActions.SettingsRefused, errors);
            return Problems.Invalid(errors);
        }
        var saved = t.Settings;
        trail.IsAfter(saved);
        return TypedResults.Json(saved, SettingsJson.Options);
    }

    private static async Task<(JsonObject? Body, BadRequestProblem? Error)> ReadObjectAsync(HttpRequest request, CancellationToken ct)
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
        catch (JsonException e)
        {
            return (null, Problems.BadRequest(JsonBodyErrors.Describe(e, typeof(TenantSettings), SettingsJson.Options).Message));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
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
