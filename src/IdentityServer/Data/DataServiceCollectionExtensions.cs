using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IdentityServer.Data;

internal static class DataServiceCollectionExtensions
{
    /// <summary>The database of Database__Provider and ConnectionStrings__Identity (SQLite under App_Data by default).</summary>
    public static IServiceCollection AddPlatformDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        // Read here as well: the provider decides which context is registered (Provider defaults to Sqlite).
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var provider = options.Provider;
        var connection = configuration.GetConnectionString("Identity");
        var checks = options.ThreadSafetyChecks;
        switch (provider)
        {
            case "PostgreSql":
                Require(connection, provider);
                services.AddPooled<PostgreSqlDbContext>(o => o.UseNpgsql(connection), checks);
                break;
            case "SqlServer":
                Require(connection, provider);
                services.AddPooled<SqlServerDbContext>(o => o.UseSqlServer(connection), checks);
                break;
            case "Sqlite":
                if (string.IsNullOrWhiteSpace(connection))
                {
                    var folder = Path.Combine(env.ContentRootPath, "App_Data");
                    Directory.CreateDirectory(folder);
                    connection = $"Data Source={Path.Combine(folder, "identity.db")}";
                }
                services.AddPooled<SqliteDbContext>(o => o.UseSqlite(connection).AddInterceptors(new SqlitePragmas()), checks);
                break;
            default:
                // Before anything touches a database: a typo must not fall back to SQLite.
                throw new InvalidOperationException(
                    $"Database__Provider must be Sqlite, SqlServer or PostgreSql (it is '{provider}').");
        }
        // The unit of work of a grant or a page's sign-in: its rows in one commit.
        services.AddScoped<UnitOfWork>();
        return services;
    }

    /// <summary>
    /// Contexts come from a pool (building one per request was a tenth of a request's CPU); each
    /// scope rents one as its PlatformDbContext and sets the scope's tenant on it. EF Core
    /// interceptors registered as services (IInterceptor) are added to every context.
    /// </summary>
    private static void AddPooled<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure, bool threadSafetyChecks)
        where TContext : PlatformDbContext
    {
        services.AddPooledDbContextFactory<TContext>((sp, o) =>
        {
            configure(o);
            o.AddInterceptors(sp.GetServices<IInterceptor>());
            o.EnableThreadSafetyChecks(threadSafetyChecks);
        });
        services.AddScoped<PlatformDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            db.Tenant = sp.GetService<ICurrentTenant>();
            return db;
        });
    }

    private static void Require(string? connection, string provider)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings__Identity is required when Database__Provider is {provider}.");
        }
    }
}
