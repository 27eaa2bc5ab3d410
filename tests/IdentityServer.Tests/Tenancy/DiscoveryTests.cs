using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Tenancy;

public abstract class DiscoveryTestsBase<TFixture>(TFixture server) where TFixture : ServerFixture
{
    [Fact]
    public async Task Discovery_OfEachTenant_HasItsOwnIssuerAndEndpoints()
    {
        await server.Api.CreateTenantAsync("acme");
        foreach (var tenant in new[] { "platform", "acme" })
        {
            var doc = JsonNode.Parse(await server.Api.Http.GetStringAsync($"/t/{tenant}/.well-known/openid-configuration"))!;
            Assert.Equal($"http://localhost/t/{tenant}", doc["issuer"]!.GetValue<string>());
            Assert.Equal($"http://localhost/t/{tenant}/connect/token", doc["token_endpoint"]!.GetValue<string>());
            Assert.Equal($"http://localhost/t/{tenant}/.well-known/jwks", doc["jwks_uri"]!.GetValue<string>());
            Assert.Equal($"http://localhost/t/{tenant}/connect/endsession", doc["end_session_endpoint"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Discovery_ListsBothCustomGrants_AndOnlyS256()
    {
        var doc = JsonNode.Parse(await server.Api.Http.GetStringAsync("/t/platform/.well-known/openid-configuration"))!;
        var grants = doc["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()).ToList();
        Assert.Contains("urn:identity-platform:grant-type:sms-otp", grants);
        Assert.Contains("urn:identity-platform:grant-type:mfa-otp", grants);
        Assert.Contains("authorization_code", grants);
        Assert.DoesNotContain("password", grants);
        Assert.DoesNotContain("implicit", grants);
        var methods = doc["code_challenge_methods_supported"]!.AsArray().Select(g => g!.GetValue<string>()).ToList();
        Assert.Equal(["S256"], methods);
    }

    [Theory]
    [InlineData("/t/nosuch/.well-known/openid-configuration")]
    [InlineData("/t/nosuch/connect/token")]
    [InlineData("/t/Not_A_Slug/.well-known/openid-configuration")]
    [InlineData("/connect/token")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/account/login")]
    public async Task UnknownTenantOrNoTenant_Is404ProblemJson(string path)
    {
        var response = await server.Api.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DisabledTenant_Is404_AndComesBackWhenEnabled()
    {
        await server.Api.CreateTenantAsync("sleepy");
        await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/sleepy/disable");
        var response = await server.Api.Http.GetAsync("/t/sleepy/.well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/sleepy/enable");
        Assert.Equal(HttpStatusCode.OK, (await server.Api.Http.GetAsync("/t/sleepy/.well-known/openid-configuration")).StatusCode);
    }
}

public sealed class DiscoveryTests(ServerFixture server) : DiscoveryTestsBase<ServerFixture>(server), IClassFixture<ServerFixture>;

public sealed class DiscoveryTestsOnPostgreSql(PostgreSqlServerFixture server) : DiscoveryTestsBase<PostgreSqlServerFixture>(server), IClassFixture<PostgreSqlServerFixture>;
