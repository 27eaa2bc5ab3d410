using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace IdentityServer.Tests.Telemetry;

/// <summary>SPEC 8, issue 14 point 5: the platform's metrics on the scrape endpoint, and trace context through the send queue.</summary>
public sealed partial class TelemetryTests(TelemetryFixture server) : IClassFixture<TelemetryFixture>
{
    [Fact]
    public async Task Scrape_AfterFlows_ShowsEveryPlatformMetric_WithItsLabels()
    {
        // An SMS sign-in: the start, the provider's acceptance, the grant, the policy engine's decision.
        var otp = await server.StartOkAsync("quick", "+14155557901");
        var code = CodeOf((await server.SmsToAsync("+14155557901")).Form["text"]);
        var grant = await server.Api.TokenAsync("quick", ("grant_type", TelemetryFixture.SmsGrant), ("otp_id", otp), ("code", code),
            ("client_id", "mobile"), ("client_secret", server.Secrets["quick"]), ("scope", "openid phone"));
        Assert.True(grant.IsSuccessStatusCode, await grant.Content.ReadAsStringAsync());
        // Refusals: a resend inside the cooldown, an invalid phone, a tenant without SMS sign-in.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.StartAsync("quick", "+14155557901")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.StartAsync("quick", "+1 415 555")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.StartAsync("closed", "+14155557903")).StatusCode);
        // A provider refusal for good.
        await server.StartOkAsync("quick", TelemetryFixture.RefusedPhone);
        await server.SmsToAsync(TelemetryFixture.RefusedPhone);
        await server.Api.PlatformTokenAsync();

        var scrape = await WaitForAsync("idp_sms_failed_total{");

        AssertSample(scrape, "idp_requests_total", "endpoint=\"sms_start\"", "tenant=\"quick\"", "status_class=\"2xx\"");
        AssertSample(scrape, "idp_requests_total", "endpoint=\"token\"", "tenant=\"platform\"", "status_class=\"2xx\"");
        AssertSample(scrape, "idp_requests_total", "endpoint=\"management\"", "tenant=\"-\"");
        AssertSample(scrape, "idp_sms_sent_total", "country=\"US\"");
        AssertSample(scrape, "idp_sms_failed_total", "reason=\"permanent\"", "country=\"US\"");
        AssertSample(scrape, "idp_sms_refused_total", "reason=\"cooldown\"", "country=\"US\"");
        AssertSample(scrape, "idp_sms_refused_total", "reason=\"invalid_phone\"");
        AssertSample(scrape, "idp_sms_refused_total", "reason=\"sms_disabled\"", "country=\"unknown\"");
        AssertSample(scrape, "idp_mfa_decisions_total", "decision=\"allow\"", "first_factor=\"sms\"", "rule=\"");
        AssertSample(scrape, "idp_tokens_issued_total", "grant_type=\"urn:identity-platform:grant-type:sms-otp\"", "tenant=\"quick\"");
        AssertSample(scrape, "idp_tokens_issued_total", "grant_type=\"client_credentials\"", "tenant=\"platform\"");
        AssertSample(scrape, "idp_db_duration_seconds_bucket", "operation=\"query\"", "outcome=\"ok\"");
        AssertSample(scrape, "idp_db_duration_seconds_count", "operation=\"command\"");
        // Redis round trips: the send limits' script of each SMS start, the Data Protection key ring's copy.
        AssertSample(scrape, "idp_redis_duration_seconds_bucket", "operation=\"send_limits\"", "outcome=\"ok\"");
        AssertSample(scrape, "idp_redis_duration_seconds_count", "operation=\"send_limits\"", "outcome=\"ok\"");
        AssertSample(scrape, "idp_redis_duration_seconds_count", "operation=\"key_ring_read\"");
        // ASP.NET Core's and HttpClient's own instruments come along (the Vonage calls are HttpClient's).
        AssertSample(scrape, "http_server_request_duration_seconds_count", "http_route=\"/connect/sms/start\"");
        AssertSample(scrape, "http_client_request_duration_seconds_count", "server_address=\"127.0.0.1\"");
        // Never a phone number or a code in a label.
        Assert.DoesNotContain("4155557901", scrape);
        Assert.DoesNotContain(scrape.Split('\n').Where(l => !l.StartsWith('#') && l.Contains('{')), l => l[..l.IndexOf('}')].Contains(code));
    }

    [Fact]
    public async Task TraceParent_OfAnSmsStart_ReachesTheVonageCall_ThroughTheSendQueue()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        await server.StartOkAsync("quick", "+14155557904", $"00-{traceId}-{caller}-01");

        // The row kept the request's trace; the drainer's HTTP call to Vonage continues it (a child span).
        var sent = await server.SmsToAsync("+14155557904");
        Assert.NotNull(sent.TraceParent);
        var parts = sent.TraceParent!.Split('-');
        Assert.Equal(traceId.ToHexString(), parts[1]);
        Assert.NotEqual(caller.ToHexString(), parts[2]);
    }

    [Fact]
    public async Task PublicPort_DoesNotServeMetrics()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await server.Api.Http.GetAsync("/metrics")).StatusCode);
        Assert.Contains("# TYPE", await server.ScrapeAsync());
    }

    // The drainer counts a send just after the provider answers: scrape until it shows.
    private async Task<string> WaitForAsync(string sample)
    {
        var scrape = "";
        for (var i = 0; i < 100 && !scrape.Contains(sample, StringComparison.Ordinal); i++)
        {
            await Task.Delay(i == 0 ? 0 : 50);
            scrape = await server.ScrapeAsync();
        }
        return scrape;
    }

    private static void AssertSample(string scrape, string metric, params string[] labels)
    {
        var lines = scrape.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(l => labels.All(l.Contains) && SampleValue(l) > 0),
            $"no {metric} sample with {string.Join(", ", labels)} above 0; seen:\n{string.Join("\n", lines.Take(30))}\nscrape:\n{scrape[..Math.Min(scrape.Length, 3000)]}");
    }

    private static double SampleValue(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static string CodeOf(string text) => WebOtpCode().Match(text).Groups[1].Value;

    [GeneratedRegex(@"#(\d{4,10})\s*$")]
    private static partial Regex WebOtpCode();
}
