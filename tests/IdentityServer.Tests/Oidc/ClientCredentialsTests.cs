using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.Tests.Oidc;

public abstract class ClientCredentialsTestsBase<TFixture>(TFixture server) where TFixture : ServerFixture
{
    [Fact]
    public async Task AccessToken_IsAnRs256Jwt_ThatValidatesWithTheTenantJwksFromDiscovery()
    {
        await server.Api.CreateTenantAsync("jwt");
        var secret = await server.Api.CreateClientAsync("jwt", "svc", ["client_credentials"], ["orders.read"]);
        var token = await server.Api.ClientCredentialsAsync("jwt", "svc", secret!, "orders.read");

        // What a third-party API does: discovery, then the JWKS it names, then standard validation.
        var discovery = JsonNode.Parse(await server.Api.Http.GetStringAsync("/t/jwt/.well-known/openid-configuration"))!;
        var jwksUri = new Uri(discovery["jwks_uri"]!.GetValue<string>());
        var jwks = new JsonWebKeySet(await server.Api.Http.GetStringAsync(jwksUri.PathAndQuery));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = discovery["issuer"]!.GetValue<string>(),
            ValidAudience = "orders.read",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = new JsonWebToken(token);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("svc", jwt.GetClaim("client_id").Value);
        Assert.Equal("http://localhost/t/jwt", jwt.Issuer);
    }

    [Fact]
    public async Task TokenResponse_IsNotCached()
    {
        var response = await server.Api.ClientCredentialsResponseAsync("platform", "platform-automation", ServerFactory.AutomationSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task WrongSecret_IsInvalidClient()
    {
        var response = await server.Api.ClientCredentialsResponseAsync("platform", "platform-automation", "wrong");
        // RFC 6749 5.2 allows 400 or 401 for a failed client authentication; OpenIddict answers 401.
        await Api.AssertOAuthErrorAsync(response, "invalid_client", HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ScopeTheClientLacks_IsInvalidScope()
    {
        await server.Api.CreateTenantAsync("scopes");
        var secret = await server.Api.CreateClientAsync("scopes", "svc", ["client_credentials"], ["a.read"]);
        var response = await server.Api.ClientCredentialsResponseAsync("scopes", "svc", secret!, "idp_admin");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // OpenIddict reports a scope the client is not permitted as invalid_request (invalid_scope for unknown scopes).
        Assert.Contains((await Api.ReadJsonAsync(response))["error"]!.GetValue<string>(), new[] { "invalid_scope", "invalid_request" });
    }

    [Fact]
    public async Task ScopeChecks_ServedFromTheSnapshot_NeverHideANewScope_NorCrossTenants()
    {
        await server.Api.CreateTenantAsync("scope-cache");
        await server.Api.CreateTenantAsync("scope-cache-other");
        var secret = await server.Api.CreateClientAsync("scope-cache", "svc", ["client_credentials"], ["a.read"]);
        async Task<HttpStatusCode> TokenAsync(string tenant, string clientId, string clientSecret, string scope) =>
            (await server.Api.ClientCredentialsResponseAsync(tenant, clientId, clientSecret, scope)).StatusCode;

        Assert.Equal(HttpStatusCode.OK, await TokenAsync("scope-cache", "svc", secret!, "a.read"));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync("scope-cache", "svc", secret!, "a.read"));
        // Unknown at first; once created (and granted), usable at once: a miss is never kept.
        Assert.Equal(HttpStatusCode.BadRequest, await TokenAsync("scope-cache", "svc", secret!, "b.read"));
        await server.Api.CallOkAsync(HttpMethod.Put, "/tenants/scope-cache/clients/svc", new
        {
            display_name = "svc",
            grant_types = new[] { "client_credentials" },
            scopes = new[] { "a.read", "b.read" },
            redirect_uris = Array.Empty<string>(),
            post_logout_redirect_uris = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.OK, await TokenAsync("scope-cache", "svc", secret!, "b.read"));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync("scope-cache", "svc", secret!, "a.read b.read"));

        // Another tenant's snapshot is its own: a.read exists there only once it is created there.
        var other = await server.Api.CreateClientAsync("scope-cache-other", "svc", ["client_credentials"], ["c.read"]);
        Assert.Equal(HttpStatusCode.BadRequest, await TokenAsync("scope-cache-other", "svc", other!, "a.read"));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync("scope-cache-other", "svc", other!, "c.read"));
    }

    [Fact]
    public async Task PasswordGrant_IsNotOffered()
    {
        var response = await server.Api.TokenAsync("platform", ("grant_type", "password"), ("client_id", "platform-automation"),
            ("client_secret", ServerFactory.AutomationSecret), ("username", ServerFactory.AdminEmail), ("password", ServerFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
    }
}

public sealed class ClientCredentialsTests(ServerFixture server) : ClientCredentialsTestsBase<ServerFixture>(server), IClassFixture<ServerFixture>;

public sealed class ClientCredentialsTestsOnPostgreSql(PostgreSqlServerFixture server) : ClientCredentialsTestsBase<PostgreSqlServerFixture>(server), IClassFixture<PostgreSqlServerFixture>;
