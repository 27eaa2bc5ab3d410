using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityServer.Keys;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityServer.Tests.Keys;

/// <summary>A server on a FakeTimeProvider, with the calls the key tests make (JWKS, keys API, tokens, introspection).</summary>
public sealed class KeyClock : IAsyncDisposable
{
    public const string Redirect = "https://app.example/callback";
    public const string Email = "kim@keys.example";
    public const string Password = "Kim-Passw0rd!";

    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private KeyClock(ServerFactory factory, FakeTimeProvider clock)
    {
        Factory = factory;
        Clock = clock;
        Api = new Api(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    public ServerFactory Factory { get; }
    public FakeTimeProvider Clock { get; }
    public Api Api { get; }
    public HttpClient Http => Api.Http;

    /// <summary>A started server; <paramref name="configure"/> may point it at a shared database.</summary>
    public static KeyClock Start(FakeTimeProvider? clock = null, Action<ServerFactory>? configure = null)
    {
        clock ??= new FakeTimeProvider(Epoch);
        var factory = new ServerFactory { Time = clock };
        configure?.Invoke(factory);
        return new KeyClock(factory, clock);
    }

    /// <summary>What every node's refresher does each round, run now (instead of waiting for its timer).</summary>
    public async Task MaintainAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KeyRotation>().MaintainAllAsync(CancellationToken.None);
    }

    public async Task<List<JsonNode>> JwksAsync(string tenant)
    {
        using var response = await Http.GetAsync($"/t/{tenant}/.well-known/jwks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await Api.ReadJsonAsync(response))["keys"]!.AsArray().Select(k => k!)];
    }

    public async Task<List<string>> KidsAsync(string tenant) =>
        [.. (await JwksAsync(tenant)).Select(k => k["kid"]!.GetValue<string>())];

    public async Task<List<JsonNode>> KeysAsync(string tenant) =>
        [.. (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/keys"))["items"]!.AsArray().Select(k => k!)];

    public static string Status(List<JsonNode> keys, string kid) =>
        keys.Single(k => k["kid"]!.GetValue<string>() == kid)["status"]!.GetValue<string>();

    /// <summary>A tenant with a confidential client "svc" (client credentials) and "web" (code flow), and a user.</summary>
    public async Task<(string Tenant, string SvcSecret, string WebSecret)> NewTenantAsync(string prefix)
    {
        var tenant = await Api.NewTenantAsync(prefix);
        var svc = (await Api.CreateClientAsync(tenant, "svc", ["client_credentials"], scopes: []))!;
        var web = (await Api.CreateClientAsync(tenant, "web", ["authorization_code", "refresh_token"], redirectUris: [Redirect]))!;
        await Api.CreateUserAsync(tenant, Email, Password);
        return (tenant, svc, web);
    }

    public async Task<HttpResponseMessage> PatchSettingsAsync(string tenant, string patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tenants/{tenant}/settings")
        {
            Content = new StringContent(patch, System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.PlatformTokenAsync());
        return await Http.SendAsync(request);
    }

    public static string KidOf(string jwt) => new JsonWebToken(jwt).Kid;

    /// <summary>Signs the user in through the hosted pages (code + PKCE) and returns the token response.</summary>
    public async Task<JsonNode> SignInAsync(string tenant, string webSecret)
    {
        var browser = new BrowserSession(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var verifier = BrowserSession.Verifier();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(tenant, "web", Redirect, verifier), Email, Password);
        return await browser.RedeemAsync(tenant, "web", webSecret, Redirect, BrowserSession.CodeOf(redirect), verifier);
    }

    /// <summary>Introspection by the token's own client ("web" or "svc").</summary>
    public async Task<bool> IntrospectActiveAsync(string tenant, string token, string secret, string clientId = "web")
    {
        using var response = await Http.PostAsync($"/t/{tenant}/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Api.ReadJsonAsync(response))["active"]!.GetValue<bool>();
    }

    public async Task<HttpStatusCode> UserInfoAsync(string tenant, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{tenant}/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
