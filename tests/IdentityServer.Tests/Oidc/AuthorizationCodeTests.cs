using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityServer.Tests.Oidc;

public class AuthorizationCodeFixture : ServerFixture
{
    public const string Tenant = "shop";
    public const string Redirect = "https://app.example/callback";
    public const string Email = "alice@shop.example";
    public const string Password = "Alice-Passw0rd!";
    public string WebSecret { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.CreateTenantAsync(Tenant);
        WebSecret = (await Api.CreateClientAsync(Tenant, "web", ["authorization_code", "refresh_token"],
            redirectUris: [Redirect], postLogout: ["https://app.example/bye"]))!;
        await Api.CreateClientAsync(Tenant, "spa", ["authorization_code", "refresh_token"], type: "public", redirectUris: [Redirect]);
        await Api.CreateClientAsync(Tenant, "partner", ["authorization_code"], redirectUris: [Redirect], consent: "explicit");
        await Api.CreateUserAsync(Tenant, Email, Password);
    }
}

public abstract class AuthorizationCodeTestsBase<TFixture>(TFixture server) where TFixture : AuthorizationCodeFixture
{
    private const string T = AuthorizationCodeFixture.Tenant;
    private const string R = AuthorizationCodeFixture.Redirect;

    private async Task<(BrowserSession Browser, JsonNode Tokens)> SignInAsync(string clientId = "web", string? secret = null, string scope = "openid profile email offline_access")
    {
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(T, clientId, R, verifier, scope), AuthorizationCodeFixture.Email, AuthorizationCodeFixture.Password);
        Assert.StartsWith(R, redirect.ToString());
        Assert.Equal("st123", QueryHelpers.ParseQuery(redirect.Query)["state"].ToString());
        var tokens = await browser.RedeemAsync(T, clientId, clientId == "web" ? server.WebSecret : secret, R, BrowserSession.CodeOf(redirect), verifier);
        return (browser, tokens);
    }

    [Fact]
    public async Task CodeFlowWithPkce_IssuesIdAccessAndRefreshTokens_WithPwdAmr()
    {
        var (_, tokens) = await SignInAsync();
        var id = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal("http://localhost/t/shop", id.Issuer);
        Assert.Equal("web", id.Audiences.Single());
        Assert.Equal("n123", id.GetClaim("nonce").Value);
        Assert.Equal(AuthorizationCodeFixture.Email, id.GetClaim("email").Value);
        Assert.Equal(["pwd"], Jwt.Amr(tokens["id_token"]!.GetValue<string>()));
        Assert.NotNull(tokens["refresh_token"]);
        Assert.Equal("Bearer", tokens["token_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task PublicClient_WithPkce_GetsTokens_WithoutPkce_IsRefused()
    {
        var (_, tokens) = await SignInAsync("spa");
        Assert.NotNull(tokens["access_token"]);

        var browser = server.NewBrowser();
        var url = $"/t/{T}/connect/authorize?client_id=spa&redirect_uri={Uri.EscapeDataString(R)}&response_type=code&scope=openid&state=s";
        await AssertInvalidRequestAsync(await browser.Http.GetAsync(url));
    }

    [Fact]
    public async Task PlainPkce_IsRefused()
    {
        var browser = server.NewBrowser();
        var url = $"/t/{T}/connect/authorize?client_id=spa&redirect_uri={Uri.EscapeDataString(R)}&response_type=code&scope=openid&state=s" +
                  "&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain";
        await AssertInvalidRequestAsync(await browser.Http.GetAsync(url));
    }

    [Fact]
    public async Task RedirectUri_MustMatchExactly()
    {
        var browser = server.NewBrowser();
        var url = BrowserSession.AuthorizeUrl(T, "web", R + "/other", BrowserSession.Verifier());
        var response = await browser.Http.GetAsync(url);
        // An unregistered redirect URI is never redirected to: the error is shown by the server.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Code_IsSingleUse()
    {
        var (code, verifier) = await CodeAsync();
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(code, verifier)).StatusCode);
        var again = await ExchangeAsync(code, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(again))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Code_RedeemedTenTimesAtOnce_GivesTokensOnce()
    {
        var (code, verifier) = await CodeAsync();
        await AssertOneSuccessAsync(await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ExchangeAsync(code, verifier))));
    }

    // A code of the web client for the test user, and its PKCE verifier.
    private async Task<(string Code, string Verifier)> CodeAsync()
    {
        var verifier = BrowserSession.Verifier();
        var redirect = await server.NewBrowser().AuthorizeAsync(BrowserSession.AuthorizeUrl(T, "web", R, verifier),
            AuthorizationCodeFixture.Email, AuthorizationCodeFixture.Password);
        return (BrowserSession.CodeOf(redirect), verifier);
    }

    private Task<HttpResponseMessage> ExchangeAsync(string code, string verifier) =>
        server.Api.TokenAsync(T, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", R),
            ("client_id", "web"), ("client_secret", server.WebSecret), ("code_verifier", verifier));

    [Fact]
    public async Task RefreshToken_UsedTenTimesAtOnce_GivesTokensOnce()
    {
        var (_, tokens) = await SignInAsync();
        var token = tokens["refresh_token"]!.GetValue<string>();
        await AssertOneSuccessAsync(await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RefreshAsync(token))));
    }

    // A code or refresh token is redeemed once, whatever the timing: one answer has tokens, the others are invalid_grant.
    private static async Task AssertOneSuccessAsync(HttpResponseMessage[] responses)
    {
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var failed in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
            Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(failed))["error"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task RefreshToken_Rotates_AndReuseRevokesTheFamily()
    {
        var (_, tokens) = await SignInAsync();
        var first = tokens["refresh_token"]!.GetValue<string>();
        var second = await RefreshAsync(first);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var secondToken = (await Api.ReadJsonAsync(second))["refresh_token"]!.GetValue<string>();
        Assert.NotEqual(first, secondToken);

        // Reuse of the rotated token: refused, and the newest token of the family dies with it.
        var reuse = await RefreshAsync(first);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(reuse))["error"]!.GetValue<string>());
        var afterReuse = await RefreshAsync(secondToken);
        Assert.Equal(HttpStatusCode.BadRequest, afterReuse.StatusCode);
    }

    [Fact]
    public async Task Revocation_OfARefreshToken_StopsIt()
    {
        var (_, tokens) = await SignInAsync();
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        var revoke = await server.Api.Http.PostAsync($"/t/{T}/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = refresh,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = "web",
            ["client_secret"] = server.WebSecret,
        }));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(refresh)).StatusCode);
    }

    [Fact]
    public async Task UserInfo_ReturnsTheScopedClaims()
    {
        var (_, tokens) = await SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{T}/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        var response = await server.Api.Http.SendAsync(request);
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuthorizationCodeFixture.Email, body["email"]!.GetValue<string>());
        Assert.Equal("Test", body["given_name"]!.GetValue<string>());
        Assert.Null(body["phone_number"]);
    }

    [Fact]
    public async Task Introspection_ReportsAnActiveToken()
    {
        var (_, tokens) = await SignInAsync();
        var response = await server.Api.Http.PostAsync($"/t/{T}/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens["access_token"]!.GetValue<string>(),
            ["client_id"] = "web",
            ["client_secret"] = server.WebSecret,
        }));
        var body = await Api.ReadJsonAsync(response);
        Assert.True(body["active"]!.GetValue<bool>());
        Assert.Equal("http://localhost/t/shop", body["iss"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExplicitConsent_AsksOnce_ThenRemembers_AndDenyGivesAccessDenied()
    {
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var denied = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(T, "partner", R, verifier, "openid profile"),
            AuthorizationCodeFixture.Email, AuthorizationCodeFixture.Password, acceptConsent: false);
        Assert.Contains("error=access_denied", denied.Query);

        var accepted = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(T, "partner", R, verifier, "openid profile"),
            AuthorizationCodeFixture.Email, AuthorizationCodeFixture.Password);
        Assert.Contains("code=", accepted.Query);
        // Consent is remembered: the next request goes straight back with a code.
        var again = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(T, "partner", R, verifier, "openid profile"));
        Assert.StartsWith(R, again.Headers.Location!.ToString());
        Assert.Contains("code=", again.Headers.Location!.Query);
    }

    [Fact]
    public async Task PromptNone_WithoutSession_IsLoginRequired()
    {
        var browser = server.NewBrowser();
        var response = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(T, "web", R, BrowserSession.Verifier(), extra: "&prompt=none"));
        Assert.Contains("error=login_required", response.Headers.Location!.Query);
    }

    [Fact]
    public async Task WrongPassword_StaysOnTheLoginPage_WithOneMessage()
    {
        var browser = server.NewBrowser();
        var response = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(T, "web", R, BrowserSession.Verifier()));
        var login = new Uri(browser.Http.BaseAddress!, response.Headers.Location!);
        var wrong = await browser.SubmitLoginAsync(login, AuthorizationCodeFixture.Email, "nope-nope");
        var unknown = await browser.SubmitLoginAsync(login, "nobody@shop.example", "nope-nope");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The email or password is not right.", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("The email or password is not right.", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoginPost_WithoutAntiforgeryToken_IsRefused()
    {
        var browser = server.NewBrowser();
        var response = await browser.Http.PostAsync($"/t/{T}/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = AuthorizationCodeFixture.Email,
            ["Input.Password"] = AuthorizationCodeFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task EndSession_SignsOut_AndRedirectsToTheRegisteredUri()
    {
        var (browser, tokens) = await SignInAsync();
        var url = $"/t/{T}/connect/endsession?id_token_hint={tokens["id_token"]!.GetValue<string>()}" +
                  $"&post_logout_redirect_uri={Uri.EscapeDataString("https://app.example/bye")}&state=bye";
        var response = await browser.Http.GetAsync(url);
        Assert.StartsWith("https://app.example/bye", response.Headers.Location!.ToString());
        // The session is gone: authorize asks for the password again.
        var authorize = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(T, "web", R, BrowserSession.Verifier()));
        Assert.Contains("/account/login", authorize.Headers.Location!.ToString());
    }

    // The client and redirect URI are valid, so the error goes back to the client (SPEC 3, RFC 6749 4.1.2.1).
    private static Task AssertInvalidRequestAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(AuthorizationCodeFixture.Redirect, response.Headers.Location!.ToString());
        Assert.Equal("invalid_request", QueryHelpers.ParseQuery(response.Headers.Location!.Query)["error"].ToString());
        return Task.CompletedTask;
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        server.Api.TokenAsync(T, ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", "web"), ("client_secret", server.WebSecret));

}

public sealed class AuthorizationCodeTests(AuthorizationCodeFixture server) : AuthorizationCodeTestsBase<AuthorizationCodeFixture>(server), IClassFixture<AuthorizationCodeFixture>;

public sealed class PostgreSqlAuthorizationCodeFixture : AuthorizationCodeFixture
{
    protected override string Provider => "PostgreSql";
}

public sealed class AuthorizationCodeTestsOnPostgreSql(PostgreSqlAuthorizationCodeFixture server) : AuthorizationCodeTestsBase<PostgreSqlAuthorizationCodeFixture>(server), IClassFixture<PostgreSqlAuthorizationCodeFixture>;
