using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityServer.Tests.Oidc;

/// <summary>
/// Two tenants with the same confidential client id (each with its own secret) registered for the
/// relying party's callback; the user exists only in tenant A.
/// </summary>
public sealed class OpenIdConnectHandlerFixture : ServerFixture
{
    public const string TenantA = "rp-alpha";
    public const string TenantB = "rp-beta";
    public const string ClientId = "rp-web";
    public const string OnlyInAClientId = "rp-alpha-only";
    public const string Email = "carol@alpha.example";
    public const string Password = "Carol-Passw0rd!";

    public Dictionary<string, string> Secrets { get; } = new();

    public string OnlyInASecret { get; private set; } = "";

    public string UserId { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var tenant in new[] { TenantA, TenantB })
        {
            await Api.CreateTenantAsync(tenant);
            Secrets[tenant] = (await Api.CreateClientAsync(tenant, ClientId, ["authorization_code", "refresh_token"],
                redirectUris: [RelyingParty.Callback]))!;
        }
        OnlyInASecret = (await Api.CreateClientAsync(TenantA, OnlyInAClientId, ["authorization_code"], redirectUris: [RelyingParty.Callback]))!;
        UserId = await Api.CreateUserAsync(TenantA, Email, Password);
    }
}

/// <summary>
/// ASP.NET Core's own OpenIdConnect handler, a client nobody here wrote, signs a user in against a
/// tenant with the authorization code flow and PKCE: discovery, JWKS, the code redemption and the
/// id_token validation are all the handler's.
/// </summary>
public sealed class OpenIdConnectHandlerTests(OpenIdConnectHandlerFixture server) : IClassFixture<OpenIdConnectHandlerFixture>
{
    private const string A = OpenIdConnectHandlerFixture.TenantA;
    private const string B = OpenIdConnectHandlerFixture.TenantB;

    [Fact]
    public async Task AspNetCoreOpenIdConnectHandler_SignsTheUserIn_WithCodeAndPkce()
    {
        await using var rp = await RelyingParty.StartAsync(server, A, OpenIdConnectHandlerFixture.ClientId, server.Secrets[A]);

        // The RP challenges: to the tenant's authorize endpoint, with PKCE S256 and a nonce.
        var authorize = await rp.ChallengeAsync();
        Assert.Equal($"http://localhost/t/{A}/connect/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(RelyingParty.Callback, query["redirect_uri"].ToString());
        Assert.False(string.IsNullOrEmpty(query["nonce"]));

        // The browser signs in on the hosted page and is sent back to the RP with a code.
        var callback = await server.NewBrowser().AuthorizeAsync(authorize.PathAndQuery, OpenIdConnectHandlerFixture.Email, OpenIdConnectHandlerFixture.Password);
        Assert.Equal(RelyingParty.Callback, callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(query["state"].ToString(), QueryHelpers.ParseQuery(callback.Query)["state"].ToString());

        // The handler redeems the code over the backchannel, validates the id_token and signs in.
        var landing = await rp.CompleteAsync(callback);
        Assert.Equal("/me", landing.OriginalString);

        var me = await rp.MeAsync();
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await Api.ReadJsonAsync(me);
        var sub = Claim(body, "sub");
        Assert.Equal(server.UserId, sub["value"]!.GetValue<string>());
        Assert.Equal($"http://localhost/t/{A}", sub["issuer"]!.GetValue<string>());
        Assert.Equal(OpenIdConnectHandlerFixture.Email, Claim(body, "email")["value"]!.GetValue<string>());

        var idToken = new JsonWebToken(body["id_token"]!.GetValue<string>());
        Assert.Equal($"http://localhost/t/{A}", idToken.Issuer);
        Assert.Equal(OpenIdConnectHandlerFixture.ClientId, idToken.Audiences.Single());
        Assert.Equal(query["nonce"].ToString(), idToken.GetClaim("nonce").Value);
        Assert.False(string.IsNullOrEmpty(body["access_token"]?.GetValue<string>()));
    }

    [Fact]
    public async Task RelyingPartyOfTenantB_RefusesACodeIssuedByTenantA_EvenWithTheSameClientIdAndVerifier()
    {
        // Mix-up: the RP of B starts a sign-in, but the browser is sent to A's authorize endpoint
        // with the very same request (client_id, redirect URI, PKCE challenge, nonce, state).
        await using var rp = await RelyingParty.StartAsync(server, B, OpenIdConnectHandlerFixture.ClientId, server.Secrets[B]);
        var authorizeAtB = await rp.ChallengeAsync();
        Assert.Equal($"/t/{B}/connect/authorize", authorizeAtB.AbsolutePath);
        var authorizeAtA = $"/t/{A}/connect/authorize{authorizeAtB.Query}";

        var callback = await server.NewBrowser().AuthorizeAsync(authorizeAtA, OpenIdConnectHandlerFixture.Email, OpenIdConnectHandlerFixture.Password);
        Assert.False(string.IsNullOrEmpty(QueryHelpers.ParseQuery(callback.Query)["code"]));

        // The handler does not check the response's iss parameter (RFC 9207), so it redeems A's code
        // at B's token endpoint with B's secret and the right verifier: only B's refusal stops it.
        Assert.Equal($"http://localhost/t/{A}", QueryHelpers.ParseQuery(callback.Query)["iss"].ToString());
        var landing = await rp.CompleteAsync(callback);
        Assert.StartsWith(RelyingParty.FailedPath + "?", landing.OriginalString);
        var failure = QueryHelpers.ParseQuery(landing.OriginalString[RelyingParty.FailedPath.Length..])["message"].ToString();
        Assert.Contains("invalid_grant", failure);
        Assert.Contains("The specified authorization code is invalid.", failure);
        Assert.Equal(HttpStatusCode.Unauthorized, (await rp.MeAsync()).StatusCode);
    }

    [Fact]
    public async Task RelyingPartyOfTenantB_CannotSignInAUserWhoOnlyExistsInTenantA()
    {
        await using var rp = await RelyingParty.StartAsync(server, B, OpenIdConnectHandlerFixture.ClientId, server.Secrets[B]);
        var authorize = await rp.ChallengeAsync();
        var browser = server.NewBrowser();

        // B's login page does not know A's user: no code is issued, the page says why.
        var response = await browser.Http.GetAsync(authorize.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var login = new Uri(browser.Http.BaseAddress!, response.Headers.Location!);
        Assert.Equal($"/t/{B}/account/login", login.AbsolutePath);
        var submitted = await browser.SubmitLoginAsync(login, OpenIdConnectHandlerFixture.Email, OpenIdConnectHandlerFixture.Password);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Contains("The email or password is not right.", await submitted.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, (await rp.MeAsync()).StatusCode);
    }

    [Fact]
    public async Task ClientOfTenantA_IsUnknownAtTenantBsAuthority_AndTheServerShowsTheError()
    {
        await using var rp = await RelyingParty.StartAsync(server, B, OpenIdConnectHandlerFixture.OnlyInAClientId, server.OnlyInASecret);
        var authorize = await rp.ChallengeAsync();
        Assert.Equal($"/t/{B}/connect/authorize", authorize.AbsolutePath);

        // No redirect back to the RP (the client, hence its redirect URI, is unknown there): the
        // server shows OpenIddict's error for an unknown client_id at the authorization endpoint.
        var response = await server.NewBrowser().Http.GetAsync(authorize.PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var problem = await Api.ReadJsonAsync(response);
        Assert.Equal("invalid_request", problem["error"]!.GetValue<string>());
        Assert.Equal("The specified 'client_id' is invalid.", problem["error_description"]!.GetValue<string>());

        // The very same request at A, where the client lives, goes on to A's login page.
        var atA = await server.NewBrowser().Http.GetAsync($"/t/{A}/connect/authorize{authorize.Query}");
        Assert.Equal(HttpStatusCode.Redirect, atA.StatusCode);
        Assert.Contains($"/t/{A}/account/login", atA.Headers.Location!.OriginalString);
    }

    private static JsonNode Claim(JsonNode body, string type) =>
        body["claims"]!.AsArray().SingleOrDefault(c => c!["type"]!.GetValue<string>() == type)
        ?? throw new InvalidOperationException($"no {type} claim in {body["claims"]!.ToJsonString()}");
}

/// <summary>
/// An in-process relying party on its own TestServer (base http://localhost) using the
/// OpenIdConnect handler and a cookie session; its backchannel reaches the identity server's TestServer.
/// </summary>
internal sealed class RelyingParty : IAsyncDisposable
{
    public const string Callback = "http://localhost/signin-oidc";
    public const string FailedPath = "/failed";

    private readonly WebApplication _app;
    private readonly HttpClient _browser;

    private RelyingParty(WebApplication app, HttpClient browser)
    {
        _app = app;
        _browser = browser;
    }

    public static async Task<RelyingParty> StartAsync(ServerFixture server, string tenant, string clientId, string clientSecret,
        Action<OpenIdConnectOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(o =>
            {
                o.Authority = $"http://localhost/t/{tenant}";
                o.RequireHttpsMetadata = false;
                o.BackchannelHttpHandler = server.Factory.Server.CreateHandler();
                o.ClientId = clientId;
                o.ClientSecret = clientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email" })
                {
                    o.Scope.Add(scope);
                }
                o.SaveTokens = true;
                o.MapInboundClaims = false;
                // The test browser speaks plain http: the correlation and nonce cookies may not be Secure.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect($"{FailedPath}?message={Uri.EscapeDataString(context.Failure?.Message ?? "")}");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
                configure?.Invoke(o);
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }));
        app.MapGet("/me", async (HttpContext http) =>
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                return Results.Unauthorized();
            }
            return Results.Json(new
            {
                claims = http.User.Claims.Select(c => new { type = c.Type, value = c.Value, issuer = c.Issuer }),
                id_token = await http.GetTokenAsync("id_token"),
                access_token = await http.GetTokenAsync("access_token"),
            });
        });
        await app.StartAsync();

        var browser = new HttpClient(new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() })
        {
            BaseAddress = new Uri("http://localhost"),
        };
        return new RelyingParty(app, browser);
    }

    /// <summary>GET /login: returns the authorize URL the handler redirects the browser to.</summary>
    public async Task<Uri> ChallengeAsync()
    {
        using var response = await _browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Delivers the identity server's redirect to the callback; returns where the RP sends the browser next.</summary>
    public async Task<Uri> CompleteAsync(Uri callback)
    {
        using var response = await _browser.GetAsync(callback.PathAndQuery);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"callback: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    public Task<HttpResponseMessage> MeAsync() => _browser.GetAsync("/me");

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
    }
}
