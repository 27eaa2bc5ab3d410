using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityServer.Data;

/// <summary>
/// The schema step of a deployment (deploy/README.md): <c>Database__MigrateOnly=true</c> applies the
/// pending migrations and ends the process; nodes started with <c>Database__MigrateAtStart=false</c>
/// then only check that nothing is pending.
/// </summary>
internal static partial class MigrationJob
{
    /// <summary>True when the process was started to migrate only: the migrations were applied and it must exit.</summary>
    public static async Task<bool> MigrateOnlyAsync(this WebApplication app, CancellationToken ct = default)
    {
        if (!app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnly)
        {
            return false;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrationJob));
        LogMigrated(logger, pending.Count, db.Database.ProviderName ?? "", pending.Count == 0 ? "-" : string.Join(", ", pending));
        return true;
    }

    /// <summary>Migrates at start (the default), or, with <c>Database__MigrateAtStart=false</c>, refuses to run on an old schema.</summary>
    public static async Task MigrateAtStartAsync(PlatformDbContext db, DatabaseOptions options, CancellationToken ct)
    {
        if (options.MigrateAtStart)
        {
            await db.Database.MigrateAsync(ct);
            return;
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database has {pending.Count} pending migration(s) ({string.Join(", ", pending)}) and Database__MigrateAtStart is false: " +
                "run the server once with Database__MigrateOnly=true (the migration job) first.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database__MigrateOnly: applied {Count} migration(s) on {Provider}: {Migrations}; exiting")]
    private static partial void LogMigrated(ILogger logger, int count, string provider, string migrations);
}
