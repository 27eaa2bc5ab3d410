using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// Counts a test server's database writes, as an EF Core interceptor on its contexts: each
/// committed transaction is one, and so is each INSERT, UPDATE or DELETE run outside a transaction
/// (it commits on its own). <see cref="Count"/> reads the total; take it before and after a request.
/// </summary>
public sealed class DatabaseWrites : DbCommandInterceptor, IDbTransactionInterceptor
{
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
        if (command.Transaction is null && command.CommandText.TrimStart().Split(' ', 2)[0].ToUpperInvariant() is "INSERT" or "UPDATE" or "DELETE")
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref _count);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }
}
