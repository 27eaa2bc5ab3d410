using System.Text.Encodings.Web;
using System.Text.Json;
using IdentityServer.Data;

namespace IdentityServer.Audit;

/// <summary>
/// Writes audit events of the current tenant, with where the request came from (IP, user agent).
/// Callers pass masked values only: phone numbers go through PhoneMask, and codes, secrets and
/// tokens are never given to it (<see cref="AuditChanges"/> hides them in before/after values).
/// </summary>
internal sealed class AuditLog(PlatformDbContext db, UnitOfWork unit, TimeProvider time, IHttpContextAccessor http)
{
    public async Task WriteAsync(string actor, string action, string? target, object? details, CancellationToken ct, string? tenantId = null)
    {
        Add(actor, action, target, details, tenantId);
        // Inside an open unit of work (a grant) the event waits for its commit.
        await unit.SaveAsync(ct);
    }

    /// <summary>Queues an event; it is written with the next save of the request's unit of work.</summary>
    public void Add(string actor, string action, string? target, object? details, string? tenantId = null)
    {
        var request = http.HttpContext;
        db.AuditEvents.Add(new AuditEvent
        {
            // Empty: the scope's tenant is stamped on save.
            TenantId = tenantId ?? "",
            At = time.GetUtcNow(),
            Actor = Trim(actor, 140),
            Action = Trim(action, 60),
            Target = target is null ? null : Trim(target, 140),
            Details = details is null ? null : Bounded(JsonSerializer.Serialize(details, Json)),
            Ip = request?.Connection.RemoteIpAddress?.ToString() is { } ip ? Trim(ip, 64) : null,
            UserAgent = request?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? Trim(agent, 200) : null,
        });
    }

    /// <summary>snake_case; '+' and non-ASCII letters written as they are (the text is stored, never put in HTML unencoded).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Details stay valid JSON: an oversized object is replaced by a marker rather than cut mid-way.
    private static string Bounded(string json) => json.Length <= 4000 ? json : "{\"truncated\":true}";

    private static string Trim(string value, int max) => value.Length <= max ? value : value[..max];
}
