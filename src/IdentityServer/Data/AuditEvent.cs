namespace IdentityServer.Data;

/// <summary>One audit record: who did what to what, when, with details (never a code, secret or full phone number).</summary>
public sealed class AuditEvent : ITenantOwned
{
    public long Id { get; set; }
    public string TenantId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    /// <summary>user:{id}, client:{client_id} or system.</summary>
    public string Actor { get; set; } = "";
    /// <summary>A dotted name such as sms.code_sent or settings.changed.</summary>
    public string Action { get; set; } = "";
    public string? Target { get; set; }
    /// <summary>A small JSON object.</summary>
    public string? Details { get; set; }
}
