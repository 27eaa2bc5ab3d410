using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// Counts a test server's database writes, as an EF Core interceptor on its contexts: each
/// committed transaction is one, and so is each INSERT, UPDATE or DELETE run outside a transaction
/// (it commits on its own). <see cref="Count"/> reads the total; take it before and after a request.
/// Only writes made while serving a request count: the background workers (the send queue's drainer,
/// key maintenance, retention) run on their own schedule and would make a count depend on the machine's load.
/// </summary>
public sealed class DatabaseWrites : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly HttpContextAccessor Requests = new();

    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Counted(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Counted(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Counted(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Counted(command);
        return result;
    }

    private void Counted(DbCommand command)
    {
        if (Requests.HttpContext is not null && command.Transaction is null && command.CommandText.TrimStart().Split(' ', 2)[0].ToUpperInvariant() is "INSERT" or "UPDATE" or "DELETE")
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CountedCommit();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CountedCommit();
        return Task.CompletedTask;
    }

    private void CountedCommit()
    {
        if (Requests.HttpContext is not null)
        {
            Interlocked.Increment(ref _count);
        }
    }
}
