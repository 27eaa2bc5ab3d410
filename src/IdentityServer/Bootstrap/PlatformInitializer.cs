using IdentityServer.Data;
using IdentityServer.Keys;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Bootstrap;

/// <summary>
/// Runs once before the server listens: migrates the database, loads (or creates) the shared
/// keys, and seeds the platform tenant and, where asked, the demo tenant, and the admin app's client in
/// every tenant. Idempotent, so every
/// node of a deployment may run it.
/// </summary>
internal static class PlatformInitializer
{
    public static async Task InitializePlatformAsync(this WebApplication app, CancellationToken ct = default)
    {
        // Every bad setting is reported, together, before a database is migrated or a key created (SPEC 8).
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            await MigrationJob.MigrateAtStartAsync(db, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value, ct);
            if (db.Database.IsSqlite())
            {
                // WAL lets readers and the one writer work at once.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            await scope.ServiceProvider.GetRequiredService<KeyRotation>().MaintainAtStartAsync(ct);
        }
        await PlatformSeeder.SeedAsync(app.Services, ct);
        await DemoSeeder.SeedAsync(app.Services, ct);
        await AdminAppClient.EnsureForAllTenantsAsync(app.Services, ct);
    }
}
