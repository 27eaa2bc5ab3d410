using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Pages.Tenant;

/// <summary>
/// The tenant's settings document (SPEC 6) as JSON: a page changes only its own keys and sends
/// the rest back as it was read, so keys this app does not know survive a save.
/// </summary>
internal static class SettingsDocument
{
    public static JsonObject Section(JsonObject document, params string[] path)
    {
        var node = document;
        foreach (var key in path)
        {
            if (node[key] is not JsonObject child)
            {
                child = new JsonObject();
                node[key] = child;
            }
            node = child;
        }
        return node;
    }

    public static JsonObject Sms(JsonObject document) => Section(document, "sign_in", "sms");

    public static JsonObject Mfa(JsonObject document) => Section(document, "mfa");

    public static bool Bool(JsonObject section, string key, bool fallback) =>
        section[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    public static int Int(JsonObject section, string key, int fallback) =>
        section[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : fallback;

    public static string? String(JsonObject section, string key) =>
        section[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static List<string> Strings(JsonObject section, string key) =>
        section[key] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").Where(s => s.Length > 0).ToList() : [];

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
