using System.Text;
using System.Text.Json;
using IdentityServer.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Management;

/// <summary>
/// The audit export (issue 15 point 4): oldest first, streamed row by row, as CSV (RFC 4180, a
/// header line, details as their JSON text) or JSON lines (one object a line, the list's shape).
/// A cell starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
/// </summary>
internal static class AuditExport
{
    public const string CsvType = "text/csv";
    public const string JsonLinesType = "application/x-ndjson";

    public static PushStreamHttpResult Stream(IQueryable<AuditEvent> events, bool jsonLines) =>
        TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024);
            if (!jsonLines)
            {
                await writer.WriteLineAsync("id,at,actor,action,target,ip,user_agent,details");
            }
            await foreach (var e in events.AsAsyncEnumerable())
            {
                await writer.WriteLineAsync(jsonLines
                    ? JsonSerializer.Serialize(AuditEndpoints.AuditItem.From(e), Json)
                    : string.Join(',', e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        e.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        Cell(e.Actor), Cell(e.Action), Cell(e.Target), Cell(e.Ip), Cell(e.UserAgent), Cell(e.Details)));
            }
        }, jsonLines ? JsonLinesType : CsvType + "; charset=utf-8", fileDownloadName: jsonLines ? "audit.jsonl" : "audit.csv");

    private static readonly JsonSerializerOptions Json = new(Audit.AuditLog.Json);

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
