using System.Net;
using IdentityServer.Data;
using IdentityServer.Fleet;
using IdentityServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace IdentityServer.Tests.Fleet;

/// <summary>
/// SPEC 4.1, 9 with Redis: the send limits are checked and counted atomically in Redis in front of the
/// database; Redis killed mid-run, the database keeps every limit closed, and /health/ready says Degraded.
/// </summary>
public sealed class RedisLimitsTests(RedisSmsFixture server) : IClassFixture<RedisSmsFixture>
{
    [Fact]
    public async Task FortyParallelStarts_ForOnePhone_SendExactlyOne_AndRedisHoldsTheCooldown()
    {
        const string phone = "+14155559301";
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => server.StartAsync("quick", phone)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.Single(SmsOutbox.To(server.Factory, phone));

        // The phone's send is in Redis: with the database's record of it gone, Redis alone still refuses.
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OneTimeCodes.IgnoreQueryFilters()
                .Where(c => c.PhoneNumber == phone).ExecuteDeleteAsync();
        }
        var again = await server.StartAsync("quick", phone);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("slow_down", (await Api.ReadJsonAsync(again))["error"]!.GetValue<string>());
        Assert.Single(SmsOutbox.To(server.Factory, phone));
    }

    [Fact]
    public async Task RedisKeys_HoldNoPhoneNumber()
    {
        await server.StartOkAsync("quick", "+14155559302");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.Redis.Configuration);
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "t1:*").Select(k => k.ToString()).ToList();

        Assert.Contains(keys, k => k.StartsWith("t1:limits:quick:phone:", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains("4155559302", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedisKilled_TheServerAnswersFromTheDatabase_NeverOpensALimit_AndHealthSaysDegraded()
    {
        const string phone = "+14155559303";
        using var http = server.Factory.CreateClient();
        Assert.Equal("Healthy", await http.GetStringAsync("/health/ready"));
        await server.StartOkAsync("quick", phone);

        server.Redis.Kill();
        try
        {
            await WaitAsync(async () => await http.GetStringAsync("/health/ready") == "Degraded");

            // The cooldown still holds (the database's record), 20 parallel tries included.
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => server.StartAsync("quick", phone)));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
            // Other phones and tokens are served.
            await server.StartOkAsync("quick", "+14155559304");
            await server.Api.PlatformTokenAsync();
        }
        finally
        {
            await server.Redis.RestartAsync();
        }

        // Back, and empty: the database still holds the cooldown.
        await WaitAsync(async () => await http.GetStringAsync("/health/ready") == "Healthy");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.StartAsync("quick", phone)).StatusCode);
        server.PassCooldown();
        await server.StartOkAsync("quick", phone);
    }

    [Fact]
    public async Task TheKeyRing_IsCopiedToRedis()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.Redis.Configuration);
        var key = "t1:" + MirroredKeyRing.KeyName;
        await WaitAsync(async () => await connection.GetDatabase().ListLengthAsync(key) > 0);

        await using var scope = server.Factory.Services.CreateAsyncScope();
        var inDatabase = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().DataProtectionKeys.CountAsync();
        Assert.Equal(inDatabase, await connection.GetDatabase().ListLengthAsync(key));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the condition did not hold within 20 s");
            await Task.Delay(100);
        }
    }
}

/// <summary>The whole MFA lockout suite again with Redis holding a copy of each lockout.</summary>
public sealed class MfaLockoutWithRedisTests(RedisSmsFixture server)
    : Mfa.MfaLockoutTests<RedisSmsFixture>(server), IClassFixture<RedisSmsFixture>;
