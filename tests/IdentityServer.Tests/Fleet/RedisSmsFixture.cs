using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.Fleet;

/// <summary>The SMS tenants of <see cref="SmsFixture"/> on a server with Redis (its own redis-server, which a test may kill).</summary>
public sealed class RedisSmsFixture : SmsFixture
{
    public RedisServer Redis { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Factory.Settings["Redis:Configuration"] = Redis.Configuration;
        Factory.Settings["Redis:KeyPrefix"] = "t1:";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
