using System.Text.Json;
using IdentityServer.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Management;

/// <summary>
/// GET /tenants/{slug}/audit: who changed what and when, from where, newest first, filtered by
/// actor, action and date range; GET .../audit/export: the same events as CSV or JSON lines.
/// </summary>
internal static class AuditEndpoints
{
    public sealed record AuditItem(long Id, DateTimeOffset At, string Actor, string Action, string? Target, JsonElement? Details,
        string? Ip, string? UserAgent)
    {
        public static AuditItem From(AuditEvent e) => new(e.Id, e.At, e.Actor, e.Action, e.Target,
            e.Details is null ? null : JsonDocument.Parse(e.Details).RootElement.Clone(), e.Ip, e.UserAgent);
    }

    public static void MapAudit(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/audit", ListAsync);
        tenant.MapGet("/audit/export", Export)
            .Produces(StatusCodes.Status200OK, contentType: AuditExport.CsvType, additionalContentTypes: [AuditExport.JsonLinesType]);
    }

    private static async Task<Results<Ok<Page<AuditItem>>, BadRequestProblem>> ListAsync([AsParameters] AuditQuery query,
        PlatformDbContext db, CancellationToken ct)
    {
        if (query.Paging() is not { } paging)
        {
            return Problems.BadRequest(Paging.Error);
        }
        var (events, error) = query.Apply(db.AuditEvents.AsNoTracking());
        if (events is null)
        {
            return Problems.BadRequest(error!);
        }
        var total = await events.LongCountAsync(ct);
        var rows = await events.OrderByDescending(e => e.Id).Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Page<AuditItem>(rows.Select(AuditItem.From).ToList(), total));
    }

    private static Results<PushStreamHttpResult, BadRequestProblem> Export([AsParameters] AuditQuery query,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "format")] string? format,
        PlatformDbContext db)
    {
        if (format is not (null or "" or "csv" or "jsonl"))
        {
            return Problems.BadRequest("format is csv or jsonl.");
        }
        var (events, error) = query.Apply(db.AuditEvents.AsNoTracking());
        if (events is null)
        {
            return Problems.BadRequest(error!);
        }
        return AuditExport.Stream(events.OrderBy(e => e.Id), format == "jsonl");
    }
}
