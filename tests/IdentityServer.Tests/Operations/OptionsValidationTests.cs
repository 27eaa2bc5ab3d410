using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityServer.Tests.Operations;

/// <summary>SPEC 8 and 10: options are validated at start-up with a message naming the bad key.</summary>
public sealed class OptionsValidationTests
{
    /// <summary>Starts the server, expects the start to fail, and returns every message of the failure.</summary>
    private static string StartFailure(ServerFactory factory) => StartupFailure.Of(() => factory.CreateClient());

    [Fact]
    public async Task UnknownDatabaseProvider_StopsTheStart_NamingDatabaseProvider()
    {
        await using var factory = new ServerFactory();
        factory.Settings["Database:Provider"] = "Oracle";
        var message = StartFailure(factory);
        Assert.Contains("Database__Provider", message);
    }

    [Fact]
    public async Task MistypedDatabaseProvider_WithAPostgreSqlConnectionString_StopsTheStart_NamingDatabaseProvider()
    {
        await using var factory = new ServerFactory();
        factory.Settings["Database:Provider"] = "Postgres";
        factory.Settings["ConnectionStrings:Identity"] = "Host=localhost;Database=identity;Username=idp;Password=secret";
        var message = StartFailure(factory);
        Assert.Contains("Database__Provider", message);
    }

    [Fact]
    public async Task UnknownDatabaseProvider_StopsTheStart_BeforeCreatingOrSeedingAnyDatabase()
    {
        await using var factory = new ServerFactory();
        factory.Settings["Database:Provider"] = "Oracle";
        StartFailure(factory);
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "identity.db")),
            "a SQLite database was created, migrated and seeded for a provider the server then refused");
    }

    [Fact]
    public async Task Production_WithoutBootstrapSettings_StopsTheStart_NamingEachMissingSetting()
    {
        await using var factory = new ServerFactory { Environment = "Production" };
        factory.Settings.Remove("Bootstrap:AdminEmail");
        factory.Settings.Remove("Bootstrap:AdminPassword");
        factory.Settings.Remove("Bootstrap:AutomationClientSecret");
        var message = StartFailure(factory);
        Assert.Contains("Bootstrap__AdminEmail", message);
        Assert.Contains("Bootstrap__AdminPassword", message);
        Assert.Contains("Bootstrap__AutomationClientSecret", message);
    }

    [Fact]
    public async Task Production_WithAShortAutomationSecret_StopsTheStart_NamingIt()
    {
        await using var factory = new ServerFactory { Environment = "Production" };
        factory.Settings["Bootstrap:AutomationClientSecret"] = "too-short";
        var message = StartFailure(factory);
        Assert.Contains("Bootstrap__AutomationClientSecret", message);
        Assert.DoesNotContain("Bootstrap__AdminEmail", message);
    }

    [Fact]
    public async Task Production_WithBootstrapSettings_Starts()
    {
        await using var factory = new ServerFactory { Environment = "Production" };
        // Production refuses the Outboxes unless they are allowed explicitly (SPEC 4.4, 8).
        factory.Settings["Sms:AllowOutboxInProduction"] = "true";
        factory.Settings["Email:AllowOutboxInProduction"] = "true";
        // Production names its public origin (SPEC 10) and runs with the key ring in clear only when told (SPEC 8).
        factory.Settings["PublicOrigin:Url"] = "https://id.example.com";
        factory.Settings["DataProtection:AllowUnprotectedKeys"] = "true";
        using var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-url")]
    [InlineData("id.example.com")]
    // An absolute file path is an "absolute URI" to Uri.TryCreate on Linux, yet no public origin.
    [InlineData("/srv/id")]
    [InlineData("ftp://id.example.com")]
    public async Task PublicOriginThatIsNotAnHttpUrl_StopsTheStart_NamingPublicOriginUrl(string value)
    {
        await using var factory = new ServerFactory();
        factory.Settings["PublicOrigin:Url"] = value;
        var message = StartFailure(factory);
        Assert.Contains("PublicOrigin__Url", message);
    }

    [Fact]
    public async Task PublicOrigin_IsTheIssuerOfDiscoveryAndTokens_AndTheManagementApiAcceptsThoseTokens()
    {
        await using var factory = new ServerFactory();
        factory.Settings["PublicOrigin:Url"] = "https://id.example.com";
        var api = new Api(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        var discovery = JsonNode.Parse(await api.Http.GetStringAsync("/t/platform/.well-known/openid-configuration"))!;
        Assert.Equal("https://id.example.com/t/platform", discovery["issuer"]!.GetValue<string>());
        Assert.Equal("https://id.example.com/t/platform/connect/token", discovery["token_endpoint"]!.GetValue<string>());
        Assert.Equal("https://id.example.com/t/platform/.well-known/jwks", discovery["jwks_uri"]!.GetValue<string>());

        var token = await api.PlatformTokenAsync();
        Assert.Equal("https://id.example.com/t/platform", new JsonWebToken(token).Issuer);
        using var response = await api.CallAsync(HttpMethod.Get, "/tenants", token: token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
