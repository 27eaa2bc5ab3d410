using System.Globalization;
using IdentityServer.Data;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Management;

/// <summary>The filters of the audit log and its export (issue 15 point 4): who, what, and a date range.</summary>
internal sealed record AuditQuery(
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "page_size")] string? PageSize,
    [FromQuery(Name = "actor")] string? Actor,
    [FromQuery(Name = "action")] string? Action,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "since")] string? Since)
{
    public Paging? Paging() => Management.Paging.Read(Page, PageSize);

    /// <summary>The events the filters select, or the error naming the parameter that could not be read.</summary>
    public (IQueryable<AuditEvent>? Events, string? Error) Apply(IQueryable<AuditEvent> events)
    {
        if (Actor is { Length: > 140 } || Action is { Length: > 60 })
        {
            return (null, "actor is at most 140 characters and action at most 60.");
        }
        if (!string.IsNullOrEmpty(Action))
        {
            // "sms." matches every SMS event; "sms.code_sent" only that one.
            events = Action.EndsWith('.') ? events.Where(e => e.Action.StartsWith(Action)) : events.Where(e => e.Action == Action);
        }
        if (!string.IsNullOrEmpty(Actor))
        {
            // Emails are stored in lower case (Audit/AuditActor).
            var actor = Actor.Contains('@', StringComparison.Ordinal) ? Actor.ToLowerInvariant() : Actor;
            events = events.Where(e => e.Actor == actor);
        }
        if (Instant(From ?? Since, endOfDay: false, out var from) is { } fromError)
        {
            return (null, "from " + fromError);
        }
        if (Instant(To, endOfDay: true, out var to) is { } toError)
        {
            return (null, "to " + toError);
        }
        if (from is { } f)
        {
            events = events.Where(e => e.At >= f);
        }
        if (to is { } t)
        {
            events = events.Where(e => e.At < t);
        }
        return (events, null);
    }

    private static string? Instant(string? text, bool endOfDay, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            at = instant;
            return null;
        }
        return "is an ISO 8601 date (2026-12-03) or date and time (2026-12-03T10:00:00Z).";
    }
}
