using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace IdentityServer.Data;

// One subclass per provider so that each keeps its own migrations (Data/Migrations/{Provider}).
internal sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options)
    : PlatformDbContext(options)
{
    // SQLite cannot order or compare DateTimeOffset text: store it as a sortable 64-bit number.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

internal sealed class PostgreSqlDbContext(DbContextOptions<PostgreSqlDbContext> options)
    : PlatformDbContext(options);

internal sealed class SqlServerDbContext(DbContextOptions<SqlServerDbContext> options)
    : PlatformDbContext(options);
