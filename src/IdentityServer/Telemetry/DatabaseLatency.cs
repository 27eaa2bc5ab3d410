using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdentityServer.Telemetry;

/// <summary>
/// Records each EF Core command's duration (<c>idp.db.duration</c>) from the timing EF Core already
/// measured: no clock read of its own. Added to every context as an IInterceptor service. Each
/// override, sync or async, passes the result through <see cref="Recorded"/>.
/// </summary>
internal sealed class DatabaseLatency(PlatformMetrics metrics) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        Recorded(eventData, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Recorded(eventData, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) =>
        Recorded(eventData, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Recorded(eventData, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) =>
        Recorded(eventData, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Recorded(eventData, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        metrics.DatabaseCommand(Operation(eventData.ExecuteMethod), eventData.Duration, failed: true);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    private T Recorded<T>(CommandExecutedEventData eventData, T result)
    {
        metrics.DatabaseCommand(Operation(eventData.ExecuteMethod), eventData.Duration, failed: false);
        return result;
    }

    private static string Operation(DbCommandMethod method) => method switch
    {
        DbCommandMethod.ExecuteReader => "query",
        DbCommandMethod.ExecuteScalar => "scalar",
        _ => "command",
    };
}
