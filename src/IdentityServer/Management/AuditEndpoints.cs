using System.Text.Json;
using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Management;

/// <summary>GET /tenants/{slug}/audit: who changed what and when, newest first, filterable by action, actor and time.</summary>
internal static class AuditEndpoints
{
    public sealed record AuditItem(long Id, DateTimeOffset At, string Actor, string Action, string? Target, JsonElement? Details);

    public static void MapAudit(this RouteGroupBuilder tenant) => tenant.MapGet("/audit", ListAsync);

    private static async Task<IResult> ListAsync(HttpRequest request, PlatformDbContext db, CancellationToken ct)
    {
        if (!Paging.TryRead(request, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }
        var query = db.AuditEvents.AsNoTracking();
        var action = request.Query["action"].ToString();
        var actor = request.Query["actor"].ToString();
        if (action.Length is > 0 and <= 60)
        {
            // "sms." matches every SMS event; "sms.code_sent" only that one.
            query = action.EndsWith('.') ? query.Where(e => e.Action.StartsWith(action)) : query.Where(e => e.Action == action);
        }
        if (actor.Length is > 0 and <= 140)
        {
            query = query.Where(e => e.Actor == actor);
        }
        if (request.Query["since"].ToString() is { Length: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            {
                return Problems.BadRequest("since is an ISO 8601 date and time.");
            }
            query = query.Where(e => e.At >= since);
        }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Id).Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        var items = rows.Select(e => new AuditItem(e.Id, e.At, e.Actor, e.Action, e.Target,
            e.Details is null ? null : JsonDocument.Parse(e.Details).RootElement.Clone())).ToList();
        return TypedResults.Ok(new Page<AuditItem>(items, total));
    }
}
