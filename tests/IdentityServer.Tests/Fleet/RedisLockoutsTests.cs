using IdentityServer.Data;
using IdentityServer.Mfa;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Fleet;

/// <summary>SPEC 5, 9: a lockout is copied to Redis and refused there; an unlock clears the copy; a lockout's end follows the server's clock.</summary>
public sealed class RedisLockoutsTests(RedisSmsFixture server) : IClassFixture<RedisSmsFixture>
{
    [Fact]
    public async Task ALockout_IsRefusedFromRedis_UntilAnUnlock_AndEndsWithTheServersClock()
    {
        var userId = await server.Api.CreateUserAsync("strict", "locked@strict.example", "Locked-Passw0rd!");
        for (var i = 0; i < MfaLockout.MaxFailures - 1; i++)
        {
            Assert.Equal(MfaAttempt.Counted, await BeginAsync(userId));
        }
        Assert.Equal(MfaAttempt.Locking, await BeginAsync(userId));

        // The database's lockout removed behind the server's back: Redis alone still refuses.
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Users.IgnoreQueryFilters().Where(u => u.Id == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.MfaLockedUntil, (DateTimeOffset?)null));
        }
        Assert.Equal(MfaAttempt.Refused, await BeginAsync(userId));

        // An admin unlock clears the copy too.
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            await InTenantAsync(scope.ServiceProvider);
            await scope.ServiceProvider.GetRequiredService<MfaLockout>().UnlockAsync(userId, CancellationToken.None);
        }
        Assert.Equal(MfaAttempt.Counted, await BeginAsync(userId));

        // Locked again; the server's clock passes the 15 minutes: the copy no longer refuses.
        for (var i = 0; i < MfaLockout.MaxFailures - 2; i++)
        {
            await BeginAsync(userId);
        }
        Assert.Equal(MfaAttempt.Locking, await BeginAsync(userId));
        Assert.Equal(MfaAttempt.Refused, await BeginAsync(userId));
        server.Clock.Advance(MfaLockout.FirstLockout + TimeSpan.FromSeconds(1));
        Assert.Equal(MfaAttempt.Counted, await BeginAsync(userId));
    }

    private async Task<MfaAttempt> BeginAsync(string userId)
    {
        await using var scope = server.Factory.Services.CreateAsyncScope();
        await InTenantAsync(scope.ServiceProvider);
        return await scope.ServiceProvider.GetRequiredService<MfaLockout>().BeginAsync(userId, CancellationToken.None);
    }

    // As a request of the tenant would: its users are seen through the tenant's query filter.
    private static async Task InTenantAsync(IServiceProvider services) =>
        services.GetRequiredService<IdentityServer.Tenancy.TenantContext>()
            .Set((await services.GetRequiredService<IdentityServer.Tenancy.TenantDirectory>().FindAsync("strict", CancellationToken.None))!);
}
