using System.Text.Json;
using IdentityServer.Data;

namespace IdentityServer.Audit;

/// <summary>
/// Writes audit events of the current tenant. Callers pass masked values only: phone numbers go
/// through PhoneMask, and codes, secrets and tokens are never given to it.
/// </summary>
public sealed class AuditLog(PlatformDbContext db, TimeProvider time)
{
    public async Task WriteAsync(string actor, string action, string? target, object? details, CancellationToken ct, string? tenantId = null)
    {
        Add(actor, action, target, details, tenantId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Queues an event; it is written with the next save of the request's unit of work.</summary>
    public void Add(string actor, string action, string? target, object? details, string? tenantId = null)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            // Empty: the scope's tenant is stamped on save.
            TenantId = tenantId ?? "",
            At = time.GetUtcNow(),
            Actor = Trim(actor, 140),
            Action = Trim(action, 60),
            Target = target is null ? null : Trim(target, 140),
            Details = details is null ? null : Bounded(JsonSerializer.Serialize(details, Json)),
        });
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // Details stay valid JSON: an oversized object is replaced by a marker rather than cut mid-way.
    private static string Bounded(string json) => json.Length <= 4000 ? json : "{\"truncated\":true}";

    private static string Trim(string value, int max) => value.Length <= max ? value : value[..max];
}
