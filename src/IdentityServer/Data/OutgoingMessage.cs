namespace IdentityServer.Data;

/// <summary>
/// A message waiting in the durable send queue (SPEC 4.1): saved before the request answers, deleted
/// once the provider took it or gave up for good. Claimed by one node at a time with a lease.
/// Across tenants (the sender drains every tenant's), so not tenant-filtered.
/// </summary>
internal sealed class OutgoingMessage
{
    public string Id { get; set; } = "";
    /// <summary><c>sms</c> or <c>email</c>.</summary>
    public string Kind { get; set; } = "";
    public string TenantId { get; set; } = "";
    /// <summary>Our reference for the message (an otp_id), echoed to whoever hears of its failure.</summary>
    public string? Reference { get; set; }
    /// <summary>The message as JSON, protected with Data Protection: the SMS text carries its code.</summary>
    public string ProtectedPayload { get; set; } = "";
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the next try may start (now, or after a transient failure's backoff).</summary>
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Until when the node that claimed it owns it; null when nobody does.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
    /// <summary>The W3C <c>traceparent</c> of the request that queued it: the send continues that trace.</summary>
    public string? TraceParent { get; set; }
}
