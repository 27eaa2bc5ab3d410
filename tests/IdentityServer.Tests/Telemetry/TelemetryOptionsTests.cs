using System.Globalization;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Telemetry;

/// <summary>SPEC 8: the telemetry settings are checked at start, each mistake named by its key.</summary>

public sealed class TelemetryOptionsTests
{
    private static async Task<string> StartFailureAsync(params (string Key, string Value)[] settings)
    {
        await using var factory = new ServerFactory();
        foreach (var (key, value) in settings)
        {
            factory.Settings[key] = value;
        }
        return StartupFailure.Of(() => factory.CreateClient());
    }

    [Fact]
    public async Task ScrapePort_ThatIsThePublicPort_StopsTheStart()
    {
        var message = await StartFailureAsync(("urls", "http://+:8080;https://+:8443"),
            ("Telemetry:Prometheus:Enabled", "true"), ("Telemetry:Prometheus:Port", "8080"));
        Assert.Contains("Telemetry__Prometheus__Port (8080) is a port the server serves the public on", message);
    }

    [Theory]
    [InlineData("Telemetry:Prometheus:Port", "0", "Telemetry__Prometheus__Port must be between 1 and 65535")]
    [InlineData("Telemetry:Prometheus:Host", "not a host", "Telemetry__Prometheus__Host must be")]
    [InlineData("Telemetry:Prometheus:Path", "metrics", "Telemetry__Prometheus__Path must be a path starting with /")]
    public async Task BadScrapeSetting_StopsTheStart_NamingTheKey(string key, string value, string expected)
    {
        var message = await StartFailureAsync(("Telemetry:Prometheus:Enabled", "true"), (key, value));
        Assert.Contains(expected, message);
    }

    [Theory]
    [InlineData("Telemetry:Otlp:Endpoint", "collector:4317", "Telemetry__Otlp__Endpoint must be an absolute http or https URL")]
    [InlineData("Telemetry:Otlp:Protocol", "udp", "Telemetry__Otlp__Protocol must be grpc or http/protobuf")]
    [InlineData("Telemetry:Otlp:Timeout", "00:00:00", "Telemetry__Otlp__Timeout must be between")]
    [InlineData("Telemetry:Otlp:Headers", "api-key", "Telemetry__Otlp__Headers must be key=value pairs")]
    public async Task BadOtlpSetting_StopsTheStart_NamingTheKey(string key, string value, string expected)
    {
        Assert.Contains(expected, await StartFailureAsync((key, value)));
    }

    [Fact]
    public async Task ScrapePort_TakenByAnotherProcess_StopsTheStart()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var message = await StartFailureAsync(("Telemetry:Prometheus:Enabled", "true"), ("Telemetry:Prometheus:Host", "127.0.0.1"),
            ("Telemetry:Prometheus:Port", port));
        Assert.Contains("Prometheus", message);
    }

    [Fact]
    public async Task OtlpExporter_WithAnUnreachableCollector_DoesNotStopTheServer()
    {
        // Telemetry is best effort: a collector that is down never costs a sign-in.
        await using var factory = new ServerFactory();
        factory.Settings["Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:" + FreePort.OnLoopback();
        factory.Settings["Telemetry:Otlp:Protocol"] = "http/protobuf";
        factory.Settings["Telemetry:Otlp:Timeout"] = "00:00:00.300";
        var response = await factory.CreateClient().GetAsync("/t/platform/.well-known/openid-configuration");
        Assert.True(response.IsSuccessStatusCode);
    }
}
