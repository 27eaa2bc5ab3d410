using System.Text.RegularExpressions;
using IdentityServer.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IdentityServer.Tests.Data;

/// <summary>
/// SPEC 8: each provider carries its own migrations. Nothing here needs a database server: the
/// idempotent scripts are generated offline and the snapshots are compared with the model.
/// </summary>
public sealed class SqlServerMigrationTests
{
    private static SqlServerDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerDbContext>()
            .UseSqlServer("Server=unused;Database=unused;TrustServerCertificate=true").Options);

    private static PostgreSqlDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlDbContext>().UseNpgsql("Host=unused;Database=unused").Options);

    private static string IdempotentScript(DbContext context) =>
        context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

    [Fact]
    public void SqlServerScript_IsIdempotent_AndCreatesTheTables()
    {
        using var context = SqlServer();
        var script = IdempotentScript(context);

        foreach (var table in new[] { "Tenants", "AspNetUsers", "OpenIddictApplications", "OpenIddictTokens", "OpenIddictAuthorizations",
                     "OpenIddictScopes", "StoredKeys", "DataProtectionKeys" })
        {
            Assert.Contains($"CREATE TABLE [{table}] (", script);
        }
        // Idempotent: every step is guarded by the migrations history table.
        Assert.Matches(new Regex(@"IF NOT EXISTS \(\s*SELECT \* FROM \[__EFMigrationsHistory\]\s*WHERE \[MigrationId\] = N'\d+_Initial'\s*\)"), script);
        Assert.Contains("INSERT INTO [__EFMigrationsHistory]", script);
    }

    [Fact]
    public void SqlServerScript_MakesClientIdAndUserNameUniquePerTenant_NotGlobally()
    {
        using var context = SqlServer();
        var script = IdempotentScript(context);

        Assert.Matches(new Regex(@"CREATE UNIQUE INDEX \[IX_OpenIddictApplications_TenantId_ClientId\] ON \[OpenIddictApplications\] \(\[TenantId\], \[ClientId\]\)"), script);
        Assert.Matches(new Regex(@"CREATE UNIQUE INDEX \[IX_AspNetUsers_TenantId_NormalizedUserName\] ON \[AspNetUsers\] \(\[TenantId\], \[NormalizedUserName\]\)"), script);
        Assert.Matches(new Regex(@"CREATE UNIQUE INDEX \[IX_OpenIddictScopes_TenantId_Name\] ON \[OpenIddictScopes\] \(\[TenantId\], \[Name\]\)"), script);
        // The same client_id or email may exist in two tenants.
        Assert.Matches(new Regex(@"CREATE INDEX \[IX_OpenIddictApplications_ClientId\] ON \[OpenIddictApplications\] \(\[ClientId\]\)"), script);
        Assert.DoesNotContain("CREATE UNIQUE INDEX [IX_OpenIddictApplications_ClientId]", script);
        Assert.DoesNotContain("CREATE UNIQUE INDEX [UserNameIndex]", script);
        Assert.DoesNotContain("CREATE UNIQUE INDEX [IX_OpenIddictScopes_Name]", script);
    }

    [Fact]
    public void SqlServerScript_ProtectsTenantOwnedRows_WithForeignKeysToTenants()
    {
        using var context = SqlServer();
        var script = IdempotentScript(context);

        Assert.Contains("CONSTRAINT [FK_AspNetUsers_Tenants_TenantId] FOREIGN KEY ([TenantId]) REFERENCES [Tenants] ([Id])", script);
        Assert.Contains("CONSTRAINT [FK_OpenIddictApplications_Tenants_TenantId] FOREIGN KEY ([TenantId]) REFERENCES [Tenants] ([Id])", script);
    }

    [Fact]
    public void PostgreSqlScript_IsIdempotent_AndCreatesTheTablesAndPerTenantIndexes()
    {
        using var context = PostgreSql();
        var script = IdempotentScript(context);

        foreach (var table in new[] { "Tenants", "AspNetUsers", "OpenIddictApplications", "OpenIddictTokens", "StoredKeys", "DataProtectionKeys" })
        {
            Assert.Contains($"CREATE TABLE \"{table}\" (", script);
        }
        Assert.Contains("IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '", script);
        Assert.Contains("CREATE UNIQUE INDEX \"IX_OpenIddictApplications_TenantId_ClientId\" ON \"OpenIddictApplications\" (\"TenantId\", \"ClientId\")", script);
        Assert.Contains("CREATE UNIQUE INDEX \"IX_AspNetUsers_TenantId_NormalizedUserName\" ON \"AspNetUsers\" (\"TenantId\", \"NormalizedUserName\")", script);
        Assert.Contains("CREATE INDEX \"IX_OpenIddictApplications_ClientId\" ON \"OpenIddictApplications\" (\"ClientId\")", script);
        Assert.DoesNotContain("CREATE UNIQUE INDEX \"IX_OpenIddictApplications_ClientId\"", script);
    }

    [Fact]
    public void SqlServerModel_HasNoChangesMissingFromItsMigrations()
    {
        using var context = SqlServer();
        Assert.False(context.Database.HasPendingModelChanges(), "SqlServerDbContext: run `dotnet ef migrations add` for SqlServer.");
    }

    [Fact]
    public void PostgreSqlModel_HasNoChangesMissingFromItsMigrations()
    {
        using var context = PostgreSql();
        Assert.False(context.Database.HasPendingModelChanges(), "PostgreSqlDbContext: run `dotnet ef migrations add` for PostgreSql.");
    }

    [Fact]
    public void SqliteModel_HasNoChangesMissingFromItsMigrations_AndItsMigrationsApplyToAnEmptyFile()
    {
        var dir = Directory.CreateTempSubdirectory("idp-migrations-").FullName;
        try
        {
            using (var context = new SqliteDbContext(new DbContextOptionsBuilder<SqliteDbContext>()
                       .UseSqlite($"Data Source={Path.Combine(dir, "m.db")}").Options))
            {
                Assert.False(context.Database.HasPendingModelChanges(), "SqliteDbContext: run `dotnet ef migrations add` for Sqlite.");
                context.Database.Migrate();
                Assert.Empty(context.Database.GetPendingMigrations());
                Assert.Contains(context.Database.GetAppliedMigrations(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
            }
            SqliteConnection.ClearAllPools();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
