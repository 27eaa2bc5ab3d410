using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SmsSignIn;

/// <summary>Kestrel on 127.0.0.1, so requests have a real client IP; a low per-IP limit.</summary>
public sealed class PerIpLimitFixture : SmsFixture
{
    public override async Task InitializeAsync()
    {
        Factory.Settings["Sms:Limits:PerIpPerHour"] = "3";
        Factory.ListenOnLoopback();
        await base.InitializeAsync();
    }
}

/// <summary>A low per-tenant ceiling.</summary>
public sealed class PerTenantLimitFixture : SmsFixture
{
    public override async Task InitializeAsync()
    {
        Factory.Settings["Sms:Limits:PerTenantPerHour"] = "2";
        await base.InitializeAsync();
    }
}

public sealed class PerIpLimitTests(PerIpLimitFixture server) : IClassFixture<PerIpLimitFixture>
{
    [Fact]
    public async Task OneClientIp_BeyondItsHourlyLimit_IsSlowDown_ForAnyPhone()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("quick", $"+1415555810{i}")).StatusCode);
        }
        var response = await server.StartAsync("quick", "+14155558109");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("slow_down", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155558109"));

        // The hour passes: the same IP may ask again.
        server.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("quick", "+14155558109")).StatusCode);
    }
}

public sealed class PerTenantLimitTests(PerTenantLimitFixture server) : IClassFixture<PerTenantLimitFixture>
{
    [Fact]
    public async Task ATenant_BeyondItsHourlyCeiling_IsSlowDown_AndOtherTenantsAreNotAffected()
    {
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("quick", "+14155558201")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("quick", "+14155558202")).StatusCode);
        var response = await server.StartAsync("quick", "+14155558203");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("nosignup", "+14155558204")).StatusCode);

        // The ceiling slides with the hour: half an hour later the two sends still count, after the hour they do not.
        server.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.StartAsync("quick", "+14155558205")).StatusCode);
        server.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("quick", "+14155558205")).StatusCode);
    }
}
