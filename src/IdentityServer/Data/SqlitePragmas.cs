using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdentityServer.Data;

/// <summary>
/// Per-connection SQLite settings: in WAL mode, synchronous=NORMAL commits without an fsync per
/// transaction (the database stays consistent; a power cut may lose the last commits), a busy
/// timeout lets concurrent writers wait for each other instead of failing. Set once per physical
/// connection: the driver pools them and EF Core opens one for each request (running the pragmas
/// on each open cost a tenth of an SMS sign-in's time). A memory map (mmap_size) was measured and
/// made no difference.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    // The native handles already set up; a handle lives as long as its pooled physical connection.
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstOpen(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Configured(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstOpen(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Configured(connection);
        }
    }

    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !_configured.TryGetValue(handle, out _);

    // Only once the pragmas ran: a first open that failed (or was cancelled) tries again next time.
    private void Configured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, handle);
        }
    }
}
