using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityServer.Tests.Keys;

/// <summary>
/// A tenant that signs with ES256 (signing_keys.algorithm), a client that asks for ES256 identity
/// tokens (id_token_signed_response_alg) and one that keeps the RS256 default, and a user.
/// </summary>
public sealed class IdTokenAlgorithmFixture : ServerFixture
{
    public const string Tenant = "idalg-ec";
    public const string RsTenant = "idalg-rs";
    public const string EcClient = "rp-ec";
    public const string RsClient = "rp-rs";
    public const string Email = "ines@idalg.example";
    public const string Password = "Ines-Passw0rd!";

    public Dictionary<string, string> Secrets { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.CreateTenantAsync(Tenant);
        await Api.CreateTenantAsync(RsTenant);
        using (var patched = await PatchSettingsAsync(Tenant, """{"signing_keys": {"algorithm": "ES256"}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }
        Secrets[EcClient] = (await CreateClientAsync(Tenant, EcClient, "ES256"))["client_secret"]!.GetValue<string>();
        Secrets[RsClient] = (await Api.CreateClientAsync(Tenant, RsClient, ["authorization_code"], redirectUris: [RelyingParty.Callback]))!;
        await Api.CreateUserAsync(Tenant, Email, Password);
    }

    public Task<JsonNode> CreateClientAsync(string tenant, string clientId, string? alg) =>
        Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", new
        {
            client_id = clientId,
            grant_types = new[] { "authorization_code" },
            scopes = new[] { "openid", "profile", "email" },
            redirect_uris = new[] { RelyingParty.Callback },
            id_token_signed_response_alg = alg,
        });

    public async Task<HttpResponseMessage> PatchSettingsAsync(string tenant, string patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tenants/{tenant}/settings")
        {
            Content = new StringContent(patch, System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.PlatformTokenAsync());
        return await Api.Http.SendAsync(request);
    }
}

/// <summary>
/// SPEC 9 / OIDC Core 3.1.3.7: identity tokens follow the client's id_token_signed_response_alg.
/// ASP.NET Core's OpenIdConnect handler (a client nobody here wrote) reads the tenant's discovery
/// document and JWKS and verifies the identity token, allowed only the algorithm the client asked for.
/// </summary>
public sealed class IdTokenAlgorithmTests(IdTokenAlgorithmFixture server) : IClassFixture<IdTokenAlgorithmFixture>
{
    private const string T = IdTokenAlgorithmFixture.Tenant;

    [Fact]
    public async Task Discovery_ListsEs256ForIdTokens_OnlyWhereTheTenantHasEs256Keys()
    {
        var ec = await DiscoveryAsync(T);
        var rs = await DiscoveryAsync(IdTokenAlgorithmFixture.RsTenant);
        Assert.Equal(["RS256", "ES256"], Strings(ec["id_token_signing_alg_values_supported"]));
        Assert.Equal(["RS256"], Strings(rs["id_token_signing_alg_values_supported"]));
        // Client authentication's list is not the tenant's keys' business: the same at both tenants.
        Assert.Equal(rs["token_endpoint_auth_signing_alg_values_supported"]?.ToJsonString(),
            ec["token_endpoint_auth_signing_alg_values_supported"]?.ToJsonString());
    }

    [Fact]
    public async Task Es256Client_GetsAnEs256IdToken_VerifiedByTheOpenIdConnectHandlerWithTheJwks()
    {
        var idToken = await SignInAsync(IdTokenAlgorithmFixture.EcClient, "ES256");
        Assert.Equal("ES256", idToken.Alg);
        var jwk = (await JwksAsync(T)).Single(k => k["kid"]!.GetValue<string>() == idToken.Kid);
        Assert.Equal("EC", jwk["kty"]!.GetValue<string>());
        Assert.Equal("ES256", jwk["alg"]!.GetValue<string>());
    }

    [Fact]
    public async Task DefaultClient_KeepsRs256IdTokens_WhileTheTenantsAccessTokensAreEs256()
    {
        var idToken = await SignInAsync(IdTokenAlgorithmFixture.RsClient, "RS256");
        Assert.Equal("RS256", idToken.Alg);
        Assert.Equal("RSA", (await JwksAsync(T)).Single(k => k["kid"]!.GetValue<string>() == idToken.Kid)["kty"]!.GetValue<string>());
        var client = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{T}/clients/{IdTokenAlgorithmFixture.RsClient}");
        Assert.Equal("RS256", client["id_token_signed_response_alg"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_RefusesUnknownAlgorithms_AndEs256WhereTheTenantHasNoEs256Keys_AndKeepsTheValueWhenLeftOut()
    {
        using (var unknown = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/{T}/clients", new
        {
            client_id = "bad-alg",
            grant_types = new[] { "authorization_code" },
            redirect_uris = new[] { RelyingParty.Callback },
            id_token_signed_response_alg = "HS256",
        }))
        {
            await AssertFieldRefusedAsync(unknown, "RS256 or ES256");
        }
        using (var noKeys = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/{IdTokenAlgorithmFixture.RsTenant}/clients", new
        {
            client_id = "ec-wish",
            grant_types = new[] { "authorization_code" },
            redirect_uris = new[] { RelyingParty.Callback },
            id_token_signed_response_alg = "ES256",
        }))
        {
            await AssertFieldRefusedAsync(noKeys, "signing_keys.algorithm");
        }

        // An update without the field (a client that does not know it) keeps ES256.
        var created = await server.CreateClientAsync(T, "keeps-alg", "ES256");
        Assert.Equal("ES256", created["id_token_signed_response_alg"]!.GetValue<string>());
        var updated = await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{T}/clients/keeps-alg", new
        {
            grant_types = new[] { "authorization_code" },
            redirect_uris = new[] { RelyingParty.Callback },
            display_name = "Kept",
        });
        Assert.Equal("ES256", updated["id_token_signed_response_alg"]!.GetValue<string>());
        var back = await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{T}/clients/keeps-alg", new
        {
            grant_types = new[] { "authorization_code" },
            redirect_uris = new[] { RelyingParty.Callback },
            id_token_signed_response_alg = "RS256",
        });
        Assert.Equal("RS256", back["id_token_signed_response_alg"]!.GetValue<string>());
    }

    [Fact]
    public async Task TenantBackOnRs256_Es256ClientGetsRs256IdTokensAgain_AndDiscoverySaysSo()
    {
        var tenant = await server.Api.NewTenantAsync("idalg-back");
        using (var on = await server.PatchSettingsAsync(tenant, """{"signing_keys": {"algorithm": "ES256"}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }
        var secret = (await server.CreateClientAsync(tenant, "rp-back", "ES256"))["client_secret"]!.GetValue<string>();
        await server.Api.CreateUserAsync(tenant, IdTokenAlgorithmFixture.Email, IdTokenAlgorithmFixture.Password);
        Assert.Equal("ES256", (await SignInAsync(tenant, "rp-back", secret, "ES256", "ES256")).Alg);

        using (var off = await server.PatchSettingsAsync(tenant, """{"signing_keys": {"algorithm": "RS256"}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }
        Assert.Equal(["RS256"], Strings((await DiscoveryAsync(tenant))["id_token_signing_alg_values_supported"]));
        // The client still says ES256 (its registration is not rewritten), but the tenant signs RS256 only now.
        var client = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/rp-back");
        Assert.Equal("ES256", client["id_token_signed_response_alg"]!.GetValue<string>());
        Assert.Equal("RS256", (await SignInAsync(tenant, "rp-back", secret, "RS256", "RS256")).Alg);
    }

    private Task<JsonWebToken> SignInAsync(string clientId, string allowedAlgorithm) =>
        SignInAsync(T, clientId, server.Secrets[clientId], allowedAlgorithm, "ES256");

    private async Task<JsonWebToken> SignInAsync(string tenant, string clientId, string secret, string allowedAlgorithm, string accessTokenAlgorithm)
    {
        await using var rp = await RelyingParty.StartAsync(server, tenant, clientId, secret,
            o => o.TokenValidationParameters.ValidAlgorithms = [allowedAlgorithm]);
        var authorize = await rp.ChallengeAsync();
        var callback = await server.NewBrowser().AuthorizeAsync(authorize.PathAndQuery, IdTokenAlgorithmFixture.Email, IdTokenAlgorithmFixture.Password);
        var landing = await rp.CompleteAsync(callback);
        Assert.Equal("/me", landing.OriginalString);
        using var me = await rp.MeAsync();
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await Api.ReadJsonAsync(me);
        // The tenant's access tokens follow the tenant, whatever the client chose for its identity tokens.
        Assert.Equal(accessTokenAlgorithm, new JsonWebToken(body["access_token"]!.GetValue<string>()).Alg);
        return new JsonWebToken(body["id_token"]!.GetValue<string>());
    }

    private async Task<JsonNode> DiscoveryAsync(string tenant) =>
        await Api.ReadJsonAsync(await server.Api.Http.GetAsync($"/t/{tenant}/.well-known/openid-configuration"));

    private async Task<List<JsonNode>> JwksAsync(string tenant) =>
        [.. (await Api.ReadJsonAsync(await server.Api.Http.GetAsync($"/t/{tenant}/.well-known/jwks")))["keys"]!.AsArray().Select(k => k!)];

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    private static async Task AssertFieldRefusedAsync(HttpResponseMessage response, string mentions)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await Api.ReadJsonAsync(response))["errors"]!["id_token_signed_response_alg"]![0]!.GetValue<string>();
        Assert.Contains(mentions, message);
    }
}
