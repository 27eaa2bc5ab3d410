using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Management;

/// <summary>An audit event as the API shows it (SPEC 7): who did what to which target, with the event's details.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Target, JsonObject? Details)
{
    /// <summary>The policy rule that produced a sign-in decision (or refused a change), when the event has one.</summary>
    public string? Rule => Details?["rule"]?.ToString();

    /// <summary>The other details, as "key: value".</summary>
    public IEnumerable<string> OtherDetails =>
        Details?.Where(d => d.Key != "rule").Select(d => $"{d.Key}: {d.Value?.ToString() ?? "null"}") ?? [];
}
