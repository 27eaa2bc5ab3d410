using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.CodeDelivery;

/// <summary>
/// Issue 12 point 9: a test number is not a backdoor. Before, each start made a fresh 5-try code with
/// no cooldown or limit, and the fixed code was found by 778 guesses in 14 s.
/// </summary>
public sealed class TestNumberTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    private const string TestNumber = "+15555550100";

    [Fact]
    public async Task TestNumberStarts_PassTheCooldown_AndItsCodeDiesAfterMaxAttempts()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => server.StartAsync("quick", TestNumber)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var otp = (await Api.ReadJsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK)))["otp_id"]!.GetValue<string>();

        // max_attempts (5) wrong guesses kill the code: the fixed code no longer works on it.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await server.GrantAsync("quick", otp, $"00000{i}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await server.GrantAsync("quick", otp, "123456")).StatusCode);
        // And no fresh code within the cooldown.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.StartAsync("quick", TestNumber)).StatusCode);
        Assert.Empty(SmsOutbox.To(server.Factory, TestNumber));
    }
}

/// <summary>A Production server (its required settings given) whose "quick" tenant has a test number.</summary>
public class ProductionTestNumberFixture : ServerFixture
{
    protected virtual bool AllowTestNumbers => false;

    public string Secret { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        Factory.Environment = "Production";
        Factory.Settings["Sms:AllowOutboxInProduction"] = "true";
        Factory.Settings["Email:AllowOutboxInProduction"] = "true";
        // Settings other parts of issue 12 require in Production (harmless where not read).
        Factory.Settings["DataProtection:AllowUnprotectedKeys"] = "true";
        Factory.Settings["PublicOrigin:Url"] = "https://id.example";
        if (AllowTestNumbers)
        {
            Factory.Settings["Sms:AllowTestNumbersInProduction"] = "true";
        }
        await base.InitializeAsync();
        await Api.CreateTenantAsync("quick");
        var settings = await Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/settings");
        settings["sign_in"]!["sms"]!["enabled"] = true;
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        settings["sign_in"]!["sms"]!["sign_up"] = true;
        settings["sign_in"]!["sms"]!["test_numbers"] = new JsonArray(new JsonObject { ["phone_number"] = "+14155553801", ["code"] = "123456" });
        await Api.CallOkAsync(HttpMethod.Put, "/tenants/quick/settings", settings.ToJsonString());
        Secret = (await Api.CreateClientAsync("quick", "mobile", [SmsFixture.SmsGrant]))!;
    }

    public async Task<(HttpStatusCode Status, int Texts)> StartTestNumberAsync()
    {
        var response = await Api.Http.PostAsync("/t/quick/connect/sms/start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "mobile",
            ["client_secret"] = Secret,
            ["phone_number"] = "+14155553801",
        }));
        return (response.StatusCode, SmsOutbox.To(Factory, "+14155553801").Count);
    }
}

public sealed class ProductionTestNumbersAllowedFixture : ProductionTestNumberFixture
{
    protected override bool AllowTestNumbers => true;
}

/// <summary>Issue 12 point 9: in Production a test number is an ordinary number unless Sms__AllowTestNumbersInProduction.</summary>
public sealed class ProductionTestNumberTests(ProductionTestNumberFixture server) : IClassFixture<ProductionTestNumberFixture>
{
    [Fact]
    public async Task InProduction_ATestNumber_IsAnOrdinaryNumber_ItsCodeIsTexted()
    {
        var (status, texts) = await server.StartTestNumberAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, texts);
    }
}

public sealed class ProductionTestNumbersAllowedTests(ProductionTestNumbersAllowedFixture server) : IClassFixture<ProductionTestNumbersAllowedFixture>
{
    [Fact]
    public async Task InProduction_WithAllowTestNumbers_ATestNumberGetsNoSms()
    {
        var (status, texts) = await server.StartTestNumberAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, texts);
    }
}
