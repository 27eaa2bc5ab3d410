using IdentityServer.Data;
using IdentityServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Data;

/// <summary>
/// Every SQLite connection the server uses waits for a busy writer and commits without an fsync,
/// including a pooled connection opened again (the pragmas run once per physical connection).
/// </summary>
public sealed class SqlitePragmasTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task EveryOpen_HasTheBusyTimeoutAndNormalSynchronous()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var scope = server.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            Assert.Equal(5000, await PragmaAsync(db, "PRAGMA busy_timeout"));
            // 1 = NORMAL (2 = FULL, the default).
            Assert.Equal(1, await PragmaAsync(db, "PRAGMA synchronous"));
        }
    }

    private static async Task<long> PragmaAsync(PlatformDbContext db, string sql) =>
        await db.Database.SqlQueryRaw<long>(sql).AsAsyncEnumerable().FirstAsync();
}
