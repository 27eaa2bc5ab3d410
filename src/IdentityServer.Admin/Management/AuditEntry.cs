using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Management;

/// <summary>An audit event as the API shows it (SPEC 7): who did what to which target, what changed, from where.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Target, JsonObject? Details,
    string? Ip = null, string? UserAgent = null)
{
    /// <summary>The policy rule that produced a sign-in decision (or refused a change), when the event has one.</summary>
    public string? Rule => Details?["rule"]?.ToString();

    /// <summary>Each changed key as "key: before → after" (secrets are hidden by the server).</summary>
    public IEnumerable<string> Changes =>
        Details?["changes"] is JsonObject changes
            ? changes.Select(c => $"{c.Key}: {Text(c.Value?["from"])} → {Text(c.Value?["to"])}")
            : [];

    /// <summary>The other details, as "key: value".</summary>
    public IEnumerable<string> OtherDetails =>
        Details?.Where(d => d.Key is not ("rule" or "changes")).Select(d => $"{d.Key}: {d.Value?.ToString() ?? "null"}") ?? [];

    private static string Text(JsonNode? value) => value switch
    {
        null => "(none)",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}
