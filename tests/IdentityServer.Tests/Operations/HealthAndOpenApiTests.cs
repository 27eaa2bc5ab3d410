using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace IdentityServer.Tests.Operations;

/// <summary>SPEC 7 and 8: health endpoints, the published OpenAPI document, structured logs.</summary>
public sealed class HealthAndOpenApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpoints_AreHealthy_WithoutAToken(string path)
    {
        using var response = await server.Api.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_IsJson_AndListsTheManagementApi()
    {
        using var response = await server.Api.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", doc["openapi"]!.GetValue<string>());
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var expected in new[]
                 {
                     "/api/v1/tenants", "/api/v1/tenants/{slug}", "/api/v1/tenants/{slug}/settings",
                     "/api/v1/tenants/{slug}/clients", "/api/v1/tenants/{slug}/clients/{clientId}",
                     "/api/v1/tenants/{slug}/users", "/api/v1/tenants/{slug}/users/{id}",
                 })
        {
            Assert.Contains(expected, paths);
        }
        // The protocol endpoints are OpenIddict's, described by discovery, not by this document.
        Assert.DoesNotContain(paths, p => p.Contains("connect", StringComparison.Ordinal));
        Assert.NotNull(doc["paths"]!["/api/v1/tenants"]!["post"]);
        Assert.NotNull(doc["paths"]!["/api/v1/tenants"]!["get"]);
    }

    [Fact]
    public async Task Root_RedirectsToTheOpenApiDocument()
    {
        using var response = await server.Api.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/openapi/v1.json", response.Headers.Location?.OriginalString);
    }
}

/// <summary>
/// Serilog's request logging writes through the static <c>Log.Logger</c>, which the last server
/// built in this process owns; so this test runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(ServerLogCollection), DisableParallelization = true)]
public sealed class ServerLogCollection;

/// <summary>SPEC 8: structured logs with tenant, client and trace id; secrets and tokens never logged.</summary>
[Collection(nameof(ServerLogCollection))]
public sealed class ServerLogTests
{
    [Fact]
    public async Task RequestLog_CarriesTenantClientAndTraceId_AndNeverTheSecretOrTheToken()
    {
        await using var factory = new LogCapturingServerFactory();
        var log = factory.LogFile;
        var api = new Api(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        var token = await api.PlatformTokenAsync();
        var tokenEvent = await WaitForEventAsync(log, e => e["RequestPath"]?.GetValue<string>() == "/connect/token");

        Assert.Equal("platform", tokenEvent["Tenant"]?.GetValue<string>());
        Assert.Equal("platform-automation", tokenEvent["ClientId"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(tokenEvent["TraceId"]?.GetValue<string>()), tokenEvent.ToJsonString());
        Assert.Equal(200, tokenEvent["StatusCode"]?.GetValue<int>());

        var text = ReadShared(log);
        Assert.DoesNotContain(ServerFactory.AutomationSecret, text);
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain(token.Split('.')[2], text);
    }

    private static async Task<JsonNode> WaitForEventAsync(string path, Func<JsonNode, bool> match)
    {
        // The request event is written when the response completes, a moment after the client reads it.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (File.Exists(path))
            {
                foreach (var line in ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    JsonNode? e;
                    try
                    {
                        e = JsonNode.Parse(line);
                    }
                    catch (JsonException)
                    {
                        continue; // a line still being written
                    }
                    if (e is not null && match(e))
                    {
                        return e;
                    }
                }
            }
            await Task.Delay(100);
        }
        Assert.Fail($"no matching log event in {path}:\n{(File.Exists(path) ? ReadShared(path) : "(no file)")}");
        return null!;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// The server with its own Serilog pipeline plus a compact-JSON file sink, added as the operator
/// would (Serilog__WriteTo__0__Name=File). Added as a configuration source rather than through
/// <see cref="ServerFactory.Settings"/>: host settings give the array's parent sections an empty
/// value, which Serilog reads as a sink named "".
/// </summary>
internal sealed class LogCapturingServerFactory : ServerFactory
{
    public string LogFile => Path.Combine(DataDirectory, "server-log.json");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:Using:0"] = "Serilog.Sinks.File",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = LogFile,
            ["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
        }));
    }
}
