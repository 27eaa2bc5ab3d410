using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityPlatform.Shared.Phones;

namespace IdentityServer.Audit;

/// <summary>
/// "What changed" of an audit event (issue 15 point 4): before -> after per changed key, keys
/// dotted through nested objects (<c>sign_in.sms.enabled</c>). Secrets never appear: a key that
/// holds one (password, secret, code) shows <see cref="Hidden"/>, phone numbers are masked.
/// </summary>
internal static class AuditChanges
{
    public const string Hidden = "(hidden)";

    /// <summary>A snapshot of a model as it is now, in the API's JSON names, with its secrets already hidden.</summary>
    public static JsonNode? Snapshot(object? model) =>
        model is null ? null : Redact(JsonSerializer.SerializeToNode(model, model.GetType(), AuditLog.Json), null);

    /// <summary>{key: {from, to}} for every key whose value differs; null when nothing changed.</summary>
    public static Dictionary<string, Change>? Between(JsonNode? before, JsonNode? after)
    {
        var left = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var right = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        Flatten(before, "", left);
        Flatten(after, "", right);
        var changes = new Dictionary<string, Change>(StringComparer.Ordinal);
        foreach (var key in left.Keys.Union(right.Keys))
        {
            left.TryGetValue(key, out var from);
            right.TryGetValue(key, out var to);
            if (!JsonNode.DeepEquals(from, to))
            {
                changes[key] = new Change(from?.DeepClone(), to?.DeepClone());
            }
        }
        return changes.Count == 0 ? null : changes;
    }

    public sealed record Change(JsonNode? From, JsonNode? To);

    // Objects are walked into; lists and single values are compared whole.
    private static void Flatten(JsonNode? node, string prefix, IDictionary<string, JsonNode?> into)
    {
        if (node is JsonObject o)
        {
            foreach (var (name, value) in o)
            {
                Flatten(value, prefix.Length == 0 ? name : prefix + "." + name, into);
            }
            return;
        }
        if (prefix.Length > 0)
        {
            into[prefix] = node;
        }
    }

    private static JsonNode? Redact(JsonNode? node, string? name)
    {
        if (name is not null && IsSecret(name))
        {
            return node is null ? null : JsonValue.Create(Hidden);
        }
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    o[key] = Redact(o[key]?.DeepClone(), key);
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    a[i] = Redact(a[i]?.DeepClone(), null);
                }
                return a;
            case JsonValue v when name is not null && name.Contains("phone", StringComparison.Ordinal) && v.TryGetValue<string>(out var phone):
                return JsonValue.Create(PhoneMask.Mask(phone));
            default:
                return node;
        }
    }

    private static bool IsSecret(string name) =>
        name is "password" or "code" || name.EndsWith("secret", StringComparison.Ordinal) || name.EndsWith("_code", StringComparison.Ordinal);
}
