using System.Text.Json.Nodes;
using IdentityServer.Audit;

namespace IdentityServer.Management;

/// <summary>
/// What the current management call changed, filled by the endpoint and written by
/// <see cref="AuditFilter"/> (the one audit mechanism of the management API): the target, the
/// state before and after (snapshots taken when recorded), and extra details.
/// </summary>
internal sealed class AuditTrail
{
    public string? Target { get; private set; }
    public JsonNode? Before { get; private set; }
    public JsonNode? After { get; private set; }
    public Dictionary<string, object?> Details { get; } = new(StringComparer.Ordinal);
    /// <summary>Set when the call is refused but worth auditing (a settings change a rule stopped).</summary>
    public string? RefusedAction { get; private set; }
    /// <summary>The call audited itself elsewhere (a code sent), or changed nothing.</summary>
    public bool Skipped { get; private set; }

    public AuditTrail On(string target)
    {
        Target = target;
        return this;
    }

    public AuditTrail WasBefore(object? model)
    {
        Before = AuditChanges.Snapshot(model);
        return this;
    }

    public AuditTrail IsAfter(object? model)
    {
        After = AuditChanges.Snapshot(model);
        return this;
    }

    public AuditTrail With(string key, object? value)
    {
        Details[key] = value;
        return this;
    }

    public void Refused(string action, object? why)
    {
        RefusedAction = action;
        Details["refused"] = why;
    }

    public void Skip() => Skipped = true;
}
