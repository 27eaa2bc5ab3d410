using System.Globalization;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Messaging;

namespace IdentityServer.Tests.Telemetry;

/// <summary>
/// The server as a process of its own (OpenTelemetry's listeners are process-wide: test servers
/// sharing a process would share them) with Vonage as the SMS provider (a fake on 127.0.0.1 that
/// refuses one phone for good and accepts the others) and the Prometheus scrape endpoint on a port
/// of its own, and a Redis of its own (Debian's redis-server on loopback) so that Redis latency is
/// recorded too. Tenant "quick": SMS sign-in on, sign-up on, no second factor; "closed": SMS off.
/// </summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    public const string SmsGrant = "urn:identity-platform:grant-type:sms-otp";
    public const string RefusedPhone = "+14155557902";
    public FakeVonage Vonage { get; private set; } = null!;
    public ServerProcess Server { get; private set; } = null!;
    public Api Api { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;
    public int MetricsPort { get; } = FreePort.OnLoopback();
    public Dictionary<string, string> Secrets { get; } = new();

    public async Task InitializeAsync()
    {
        Vonage = await FakeVonage.StartAsync((request, _) => request.Form.GetValueOrDefault("to") == RefusedPhone[1..]
            ? VonageReply.Refused("6", "Unroutable message")
            : VonageReply.Accepted());
        Redis = await RedisServer.StartAsync();
        Server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Redis__Configuration"] = Redis.Configuration,
            ["Sms__Provider"] = "Vonage",
            ["Sms__Vonage__BaseUrl"] = Vonage.BaseUrl,
            ["Sms__Vonage__ApiKey"] = "test-key",
            ["Sms__Vonage__ApiSecret"] = "test-secret",
            ["Sms__Vonage__From"] = "IdPlatform",
            ["Sms__Vonage__RetryDelay"] = "00:00:00.010",
            ["Telemetry__Prometheus__Enabled"] = "true",
            ["Telemetry__Prometheus__Host"] = "127.0.0.1",
            ["Telemetry__Prometheus__Port"] = MetricsPort.ToString(CultureInfo.InvariantCulture),
        });
        Api = new Api(new HttpClient { BaseAddress = Server.BaseAddress });
        await SetUpTenantAsync("quick", true);
        await SetUpTenantAsync("closed", false);
    }

    private async Task SetUpTenantAsync(string tenant, bool sms)
    {
        await Api.CreateTenantAsync(tenant);
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        settings["sign_in"]!["sms"]!["enabled"] = sms;
        settings["sign_in"]!["sms"]!["sign_up"] = true;
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        settings["sign_in"]!["sms"]!["allowed_countries"] = new JsonArray("US", "FR");
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", settings.ToJsonString());
        Secrets[tenant] = (await Api.CreateClientAsync(tenant, "mobile", [SmsGrant, "refresh_token"]))!;
    }

    public Task<HttpResponseMessage> StartAsync(string tenant, string phone, string? traceParent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{tenant}/connect/sms/start")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = "mobile",
                ["client_secret"] = Secrets[tenant],
                ["phone_number"] = phone,
            }),
        };
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }
        return Api.Http.SendAsync(request);
    }

    public async Task<string> StartOkAsync(string tenant, string phone, string? traceParent = null)
    {
        var response = await StartAsync(tenant, phone, traceParent);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"sms start: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["otp_id"]!.GetValue<string>();
    }

    /// <summary>Waits (up to 15 s) for the fake Vonage to receive the SMS to <paramref name="e164"/>.</summary>
    public async Task<VonageRequest> SmsToAsync(string e164)
    {
        for (var i = 0; i < 300; i++)
        {
            if (Vonage.Requests.LastOrDefault(r => r.Form.GetValueOrDefault("to") == e164[1..]) is { } sent)
            {
                return sent;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No SMS reached the fake Vonage for {e164}. Server output: {Server.Output}");
    }

    /// <summary>The scrape endpoint's text, over real HTTP on its own port.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Vonage.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
