using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityServer.Tenancy.Settings;

/// <summary>
/// The settings document as JSON (SPEC 6, issue 12 point 14): which keys a whole document must
/// have, and RFC 7396 merge patches. Settings are never reset by omission: a PUT, or the result of
/// a PATCH, that lacks a key (or sets it to null) is refused with the key's dotted name.
/// </summary>
internal static class SettingsDocument
{
    // Every key of the document, taken from the type itself so a new setting is required at once.
    private static readonly JsonObject Template =
        JsonSerializer.SerializeToNode(new TenantSettings { DisplayName = "" }, SettingsJson.Options)!.AsObject();

    /// <summary>The dotted names of the keys missing (or null) in <paramref name="document"/>.</summary>
    public static List<string> MissingKeys(JsonObject document)
    {
        var missing = new List<string>();
        Walk(Template, document, "", missing);
        return missing;
    }

    private static void Walk(JsonObject template, JsonObject document, string prefix, List<string> missing)
    {
        foreach (var (key, expected) in template)
        {
            var name = prefix + key;
            if (!document.TryGetPropertyValue(key, out var value) || value is null)
            {
                // A missing section: name each of its keys, so the answer lists what to send.
                if (expected is JsonObject section)
                {
                    Walk(section, new JsonObject(), name + ".", missing);
                }
                else
                {
                    missing.Add(name);
                }
            }
            else if (expected is JsonObject inner && value is JsonObject actual)
            {
                Walk(inner, actual, name + ".", missing);
            }
        }
    }

    /// <summary>The current settings as a JSON object, the base of a merge patch.</summary>
    public static JsonObject ToJson(TenantSettings settings) =>
        JsonSerializer.SerializeToNode(settings, SettingsJson.Options)!.AsObject();

    /// <summary>RFC 7396: objects merge key by key, null removes a key, anything else replaces the target.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = MergePatch(result.TryGetPropertyValue(key, out var existing) ? existing : null, value);
                result.Remove(key);
                result[key] = merged;
            }
        }
        return result;
    }
}
