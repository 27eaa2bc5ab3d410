using IdentityServer.Data;
using IdentityServer.Retention;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IdentityServer.Tests.Keys;

/// <summary>
/// SPEC 8, issue 14 point 4: the retention job, one node at a time through a lease row, prunes expired
/// codes, tickets, tokens and authorizations, send-queue and revoked-token rows, and audit events
/// older than each tenant's retention (FakeTimeProvider; two servers on one database).
/// </summary>
public sealed class RetentionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("idp-retention-").FullName;

    [Fact]
    public async Task OneNodeAtATime_PrunesWhatExpired_AndAuditEventsAfterEachTenantsRetention()
    {
        var clock = new FakeTimeProvider(KeyClock.Epoch);
        var database = $"Data Source={Path.Combine(_dir, "identity.db")}";
        // The timers stay off: the test runs each node's round itself, at the moments it chooses.
        void Configure(ServerFactory f)
        {
            f.Settings["ConnectionStrings:Identity"] = database;
            f.Settings["Retention:Enabled"] = "false";
        }
        var a = KeyClock.Start(clock, Configure);
        var (shortLived, _, web) = await a.NewTenantAsync("ret-short");
        var (longLived, _, _) = await a.NewTenantAsync("ret-long");
        using (var patched = await a.PatchSettingsAsync(shortLived, """{"audit": {"retention_days": 30}}"""))
        {
            Assert.True(patched.IsSuccessStatusCode);
        }
        await a.SignInAsync(shortLived, web);
        await SeedExpiringRowsAsync(a, shortLived, longLived);
        Assert.True(await CountAsync(a, db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.TenantId == shortLived)) > 0);
        var tokensBefore = await CountAsync(a, db => db.Set<TenantToken>().IgnoreQueryFilters().CountAsync(t => t.TenantId == shortLived));
        Assert.True(tokensBefore >= 2, "the sign-in left a code and a refresh token row");

        await using var b = KeyClock.Start(clock, Configure);
        _ = await b.KidsAsync("platform");

        // Day 2: the expired rows go; audit events stay (both retentions are longer).
        clock.Advance(TimeSpan.FromDays(2));
        var first = await RunAsync(a);
        Assert.NotNull(first);
        Assert.Null(await RunAsync(b));
        Assert.Equal(1, first.Codes);
        Assert.Equal(1, first.MfaTickets);
        Assert.Equal(1, first.RevokedAccessTokens);
        Assert.True(first.QueuedMessages >= 1);
        Assert.True(first.Counters >= 1);
        Assert.True(first.Tokens >= 1, "the redeemed authorization code's row is pruned");
        Assert.Equal(0, first.AuditEvents);
        Assert.Equal(0, await CountAsync(b, db => db.OneTimeCodes.IgnoreQueryFilters().CountAsync(c => c.TenantId == shortLived)));
        Assert.Equal(1, await CountAsync(b, db => db.OneTimeCodes.IgnoreQueryFilters().CountAsync(c => c.TenantId == longLived)));
        Assert.True(await CountAsync(b, db => db.Set<TenantToken>().IgnoreQueryFilters().CountAsync(t => t.TenantId == shortLived)) < tokensBefore);

        // Day 31: the short tenant's audit events (30 days) go; the other tenant's (400 days) stay.
        clock.Advance(TimeSpan.FromDays(29));
        var later = await RunAsync(a);
        Assert.NotNull(later);
        Assert.Null(await RunAsync(b));
        Assert.True(later.AuditEvents > 0);
        Assert.Equal(0, await CountAsync(b, db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.TenantId == shortLived && e.At < KeyClock.Epoch.AddDays(1))));
        Assert.True(await CountAsync(b, db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.TenantId == longLived)) > 0);

        // The holder stops: once its lease runs out, the other node takes over.
        await a.DisposeAsync();
        Assert.Null(await RunAsync(b));
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(6));
        Assert.NotNull(await RunAsync(b));
    }

    private static async Task<RetentionResult?> RunAsync(KeyClock node) =>
        await node.Factory.Services.GetRequiredService<RetentionJob>().RunOnceAsync(CancellationToken.None);

    private static async Task<int> CountAsync(KeyClock node, Func<PlatformDbContext, Task<int>> count)
    {
        await using var scope = node.Factory.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<PlatformDbContext>());
    }

    // Rows that expire within minutes of the start, in the short tenant; one live code in the long one.
    private static async Task SeedExpiringRowsAsync(KeyClock node, string tenant, string other)
    {
        await using var scope = node.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = KeyClock.Epoch;
        db.OneTimeCodes.Add(new OneTimeCode { Id = "expired-code", TenantId = tenant, PhoneNumber = "+15555550100", CreatedAt = now, ExpiresAt = now.AddMinutes(2) });
        db.OneTimeCodes.Add(new OneTimeCode { Id = "future-code", TenantId = other, PhoneNumber = "+15555550101", CreatedAt = now, ExpiresAt = now.AddDays(10) });
        db.MfaTickets.Add(new MfaTicket { Id = "expired-ticket", TenantId = tenant, CreatedAt = now, ExpiresAt = now.AddMinutes(5) });
        db.RevokedAccessTokens.Add(new RevokedAccessToken { Jti = "expired-jti", TenantId = tenant, ExpiresAt = now.AddMinutes(15) });
        db.OutgoingMessages.Add(new OutgoingMessage { Id = "stale-message", Kind = "sms", TenantId = tenant, CreatedAt = now, DueAt = now });
        db.SmsSendCounters.Add(new SmsSendCounter { TenantId = tenant, Key = "tenant", Bucket = now.ToUnixTimeSeconds() / 60, Count = 1 });
        await db.SaveChangesAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }
}
