using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>The database of Database__Provider and ConnectionStrings__Identity (SQLite under App_Data by default).</summary>
    public static IServiceCollection AddPlatformDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connection = configuration.GetConnectionString("Identity");
        switch (provider)
        {
            case "PostgreSql":
                Require(connection, provider);
                services.AddDbContext<PlatformDbContext, PostgreSqlDbContext>(o => o.UseNpgsql(connection));
                break;
            case "SqlServer":
                Require(connection, provider);
                services.AddDbContext<PlatformDbContext, SqlServerDbContext>(o => o.UseSqlServer(connection));
                break;
            case "Sqlite":
                if (string.IsNullOrWhiteSpace(connection))
                {
                    var folder = Path.Combine(env.ContentRootPath, "App_Data");
                    Directory.CreateDirectory(folder);
                    connection = $"Data Source={Path.Combine(folder, "identity.db")}";
                }
                services.AddDbContext<PlatformDbContext, SqliteDbContext>(o => o.UseSqlite(connection).AddInterceptors(new SqlitePragmas()));
                break;
            default:
                // Before anything touches a database: a typo must not fall back to SQLite.
                throw new InvalidOperationException(
                    $"Database__Provider must be Sqlite, SqlServer or PostgreSql (it is '{provider}').");
        }
        return services;
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
