namespace IdentityServer.Data;

/// <summary>One audit record: who did what to what, when, with details (never a code, secret or full phone number).</summary>
internal sealed class AuditEvent : ITenantOwned
{
    public long Id { get; set; }
    public string TenantId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    /// <summary>See Audit/AuditActor: an email, a masked phone, client:{client_id} or system:{part}.</summary>
    public string Actor { get; set; } = "";
    /// <summary>A dotted name such as sms.code_sent or settings.changed.</summary>
    public string Action { get; set; } = "";
    public string? Target { get; set; }
    /// <summary>A small JSON object.</summary>
    public string? Details { get; set; }
    /// <summary>The caller's address (after the trusted proxies), null outside a request.</summary>
    public string? Ip { get; set; }
    /// <summary>The caller's User-Agent, at most 200 characters.</summary>
    public string? UserAgent { get; set; }
}
