using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Tenancy;

public class IsolationFixture : ServerFixture
{
    public const string A = "alpha";
    public const string B = "beta";
    public const string Redirect = "https://rp.example/cb";
    public const string Email = "same@example.com";
    public const string PasswordA = "Alpha-Passw0rd!";
    public const string PasswordB = "Beta-Passw0rd!";
    public Dictionary<string, string> Secrets { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (tenant, password) in new[] { (A, PasswordA), (B, PasswordB) })
        {
            await Api.CreateTenantAsync(tenant);
            // The same client_id and the same email in both tenants, with different secrets and passwords.
            Secrets[tenant] = (await Api.CreateClientAsync(tenant, "app", ["authorization_code", "refresh_token", "client_credentials"],
                ["openid", "profile", "email", "offline_access", "orders"], redirectUris: [Redirect]))!;
            await Api.CreateUserAsync(tenant, Email, password);
        }
        await Api.CreateClientAsync(A, "only-in-alpha", ["client_credentials"], ["orders"]);
    }
}

/// <summary>SPEC 2: every artifact of tenant A, presented to tenant B, is refused (and still works at A).</summary>
public abstract class IsolationMatrixTestsBase<TFixture>(TFixture server) where TFixture : IsolationFixture
{
    private const string A = IsolationFixture.A;
    private const string B = IsolationFixture.B;

    public static TheoryData<string> Artifacts => new()
    {
        "client_id", "client_secret", "access_token_introspection", "access_token_userinfo",
        "refresh_token", "authorization_code", "user_password", "browser_session", "settings",
    };

    [Theory]
    [MemberData(nameof(Artifacts))]
    public async Task ArtifactOfTenantA_IsUnusableAtTenantB(string artifact)
    {
        switch (artifact)
        {
            case "client_id":
                var onlyA = await server.Api.ClientCredentialsResponseAsync(B, "only-in-alpha", "x");
                await AssertErrorAsync(onlyA, "invalid_client");
                break;
            case "client_secret":
                Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(A, server.Secrets[A])).StatusCode);
                await AssertErrorAsync(await ClientCredentialsAsync(B, server.Secrets[A]), "invalid_client");
                break;
            case "access_token_introspection":
                var token = await AccessTokenAsync(A);
                Assert.True((await IntrospectAsync(A, token))["active"]!.GetValue<bool>());
                Assert.False((await IntrospectAsync(B, token))["active"]!.GetValue<bool>());
                break;
            case "access_token_userinfo":
                var userToken = (await SignInAsync(A, IsolationFixture.PasswordA)).Tokens["access_token"]!.GetValue<string>();
                Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(A, userToken)).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(B, userToken)).StatusCode);
                break;
            case "refresh_token":
                var refresh = (await SignInAsync(A, IsolationFixture.PasswordA)).Tokens["refresh_token"]!.GetValue<string>();
                await AssertErrorAsync(await server.Api.TokenAsync(B, ("grant_type", "refresh_token"), ("refresh_token", refresh),
                    ("client_id", "app"), ("client_secret", server.Secrets[B])), "invalid_grant");
                break;
            case "authorization_code":
                var browser = server.NewBrowser();
                var verifier = BrowserSession.Verifier();
                var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(A, "app", IsolationFixture.Redirect, verifier),
                    IsolationFixture.Email, IsolationFixture.PasswordA);
                await AssertErrorAsync(await server.Api.TokenAsync(B, ("grant_type", "authorization_code"), ("code", BrowserSession.CodeOf(redirect)),
                    ("redirect_uri", IsolationFixture.Redirect), ("client_id", "app"), ("client_secret", server.Secrets[B]), ("code_verifier", verifier)), "invalid_grant");
                break;
            case "user_password":
                // The same email exists in both tenants; A's password does not open B's account.
                var login = server.NewBrowser();
                var start = await login.Http.GetAsync(BrowserSession.AuthorizeUrl(B, "app", IsolationFixture.Redirect, BrowserSession.Verifier()));
                var page = await login.SubmitLoginAsync(new Uri(login.Http.BaseAddress!, start.Headers.Location!), IsolationFixture.Email, IsolationFixture.PasswordA);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("The email or password is not right.", await page.Content.ReadAsStringAsync());
                break;
            case "browser_session":
                var (signedIn, _) = await SignInAsync(A, IsolationFixture.PasswordA);
                var atA = await signedIn.Http.GetAsync(BrowserSession.AuthorizeUrl(A, "app", IsolationFixture.Redirect, BrowserSession.Verifier()));
                Assert.StartsWith(IsolationFixture.Redirect, atA.Headers.Location!.ToString());
                var atB = await signedIn.Http.GetAsync(BrowserSession.AuthorizeUrl(B, "app", IsolationFixture.Redirect, BrowserSession.Verifier()));
                Assert.Contains($"/t/{B}/account/login", atB.Headers.Location!.ToString());
                break;
            case "settings":
                var settings = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{A}/settings");
                settings["default_region"] = "FR";
                await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{A}/settings", settings.ToJsonString());
                Assert.Equal("FR", (await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{A}/settings"))["default_region"]!.GetValue<string>());
                Assert.Equal("US", (await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{B}/settings"))["default_region"]!.GetValue<string>());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(artifact));
        }
    }

    private Task<HttpResponseMessage> ClientCredentialsAsync(string tenant, string secret) =>
        server.Api.ClientCredentialsResponseAsync(tenant, "app", secret, "orders");

    private async Task<string> AccessTokenAsync(string tenant) =>
        (await Api.ReadJsonAsync(await ClientCredentialsAsync(tenant, server.Secrets[tenant])))["access_token"]!.GetValue<string>();

    private async Task<JsonNode> IntrospectAsync(string tenant, string token) =>
        await Api.ReadJsonAsync(await server.Api.Http.PostAsync($"/t/{tenant}/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = "app",
            ["client_secret"] = server.Secrets[tenant],
        })));

    private async Task<HttpResponseMessage> UserInfoAsync(string tenant, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{tenant}/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await server.Api.Http.SendAsync(request);
    }

    private async Task<(BrowserSession Browser, JsonNode Tokens)> SignInAsync(string tenant, string password)
    {
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(tenant, "app", IsolationFixture.Redirect, verifier), IsolationFixture.Email, password);
        return (browser, await browser.RedeemAsync(tenant, "app", server.Secrets[tenant], IsolationFixture.Redirect, BrowserSession.CodeOf(redirect), verifier));
    }

    private static Task AssertErrorAsync(HttpResponseMessage response, string error) =>
        Api.AssertOAuthErrorAsync(response, error, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized);
}

public sealed class IsolationMatrixTests(IsolationFixture server) : IsolationMatrixTestsBase<IsolationFixture>(server), IClassFixture<IsolationFixture>;

public sealed class PostgreSqlIsolationFixture : IsolationFixture
{
    protected override string Provider => "PostgreSql";
}

public sealed class IsolationMatrixTestsOnPostgreSql(PostgreSqlIsolationFixture server)
    : IsolationMatrixTestsBase<PostgreSqlIsolationFixture>(server), IClassFixture<PostgreSqlIsolationFixture>;
