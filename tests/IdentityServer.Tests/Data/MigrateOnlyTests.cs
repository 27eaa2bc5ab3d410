using System.Diagnostics;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace IdentityServer.Tests.Data;

/// <summary>
/// deploy/: <c>Database__MigrateOnly=true</c> is the migration job run before a rollout. The real
/// server process (the built IdentityServer.dll) applies the schema and exits 0 without serving or seeding.
/// </summary>
public sealed class MigrateOnlyTests
{
    [Fact]
    public async Task MigrateOnly_OnSqlite_AppliesEveryMigration_SeedsNothing_AndExitsZero()
    {
        var dir = Directory.CreateTempSubdirectory("idp-migrate-").FullName;
        var file = Path.Combine(dir, "identity.db");
        var (exit, output) = await RunServerAsync(new()
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Identity"] = $"Data Source={file}",
        });

        Assert.True(exit == 0, output);
        Assert.Contains("Database__MigrateOnly: applied", output);
        await using var db = new SqliteConnection($"Data Source={file};Pooling=false");
        await db.OpenAsync();
        Assert.Equal(await CountAsync(db, "SELECT COUNT(*) FROM __EFMigrationsHistory"), MigrationCount("Sqlite"));
        Assert.Contains("S6Ops", await ScalarAsync(db, "SELECT group_concat(MigrationId) FROM __EFMigrationsHistory"));
        // Only the schema: no tenant, no key, no user until a node starts.
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) FROM Tenants"));

        // A second run finds nothing to do and still succeeds (a job may run twice).
        var (again, secondOutput) = await RunServerAsync(new()
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Identity"] = $"Data Source={file}",
        });
        Assert.True(again == 0, secondOutput);
        Assert.Contains("applied 0 migration(s)", secondOutput);
    }

    [Fact]
    public async Task MigrateOnly_OnPostgreSql_AppliesEveryMigration_AndExitsZero()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        var (exit, output) = await RunServerAsync(new()
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Identity"] = connection,
        });
        Assert.True(exit == 0, output);
        Assert.Contains($"applied {MigrationCount("PostgreSql")} migration(s)", output);
    }

    [Fact]
    public async Task MigrateOnly_WithAnUnreachableDatabase_ExitsNonZero()
    {
        var (exit, output) = await RunServerAsync(new()
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Identity"] = $"Host=127.0.0.1;Port={FreePort.OnLoopback()};Database=x;Username=x;Password=x;Timeout=2",
        });
        Assert.True(exit != 0, output);
    }

    [Fact]
    public async Task Node_WithMigrateAtStartOff_RefusesAnUnmigratedDatabase_NamingTheJob()
    {
        await using var factory = new ServerFactory();
        factory.Settings["Database:MigrateAtStart"] = "false";
        var message = StartupFailure.Of(() => factory.CreateClient());
        Assert.Contains("Database__MigrateOnly=true", message);
        Assert.Contains("S6Ops", message);
    }

    [Fact]
    public async Task Node_WithMigrateAtStartOff_StartsOnAMigratedDatabase()
    {
        var dir = Directory.CreateTempSubdirectory("idp-migrate-").FullName;
        var connection = $"Data Source={Path.Combine(dir, "identity.db")}";
        var (exit, output) = await RunServerAsync(new() { ["Database__Provider"] = "Sqlite", ["ConnectionStrings__Identity"] = connection });
        Assert.True(exit == 0, output);

        await using var factory = new ServerFactory();
        factory.Settings["ConnectionStrings:Identity"] = connection;
        factory.Settings["Database:MigrateAtStart"] = "false";
        var discovery = await factory.CreateClient().GetAsync("/t/platform/.well-known/openid-configuration");
        Assert.True(discovery.IsSuccessStatusCode);
    }

    /// <summary>Runs the built server with Database__MigrateOnly=true and the given environment; returns its exit code and output.</summary>
    private static async Task<(int Exit, string Output)> RunServerAsync(Dictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "IdentityServer.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Database__MigrateOnly"] = "true";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The migration run did not exit within 60 s: " + await stdout);
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int MigrationCount(string provider) => typeof(IdentityServer.Data.PlatformDbContext).Assembly.GetTypes()
        .Count(t => t.Namespace == "IdentityServer.Data.Migrations." + provider && t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration)));

    private static async Task<long> CountAsync(SqliteConnection db, string sql) => (long)(await ScalarCommandAsync(db, sql))!;

    private static async Task<string> ScalarAsync(SqliteConnection db, string sql) => (string)(await ScalarCommandAsync(db, sql))!;

    private static async Task<object?> ScalarCommandAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
