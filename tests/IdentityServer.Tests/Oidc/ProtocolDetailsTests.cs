using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityServer.Tests.Oidc;

/// <summary>Issue 12.16: the protocol details strict clients rely on (SPEC 3), on SQLite and PostgreSQL.</summary>
public abstract class ProtocolDetailsTestsBase<TFixture>(TFixture server) where TFixture : ProtocolFixture
{
    private const string T = ProtocolFixture.Tenant;
    private const string R = ProtocolFixture.Redirect;
    private const string MultiFactor = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    [Fact]
    public async Task PromptLogin_InAPostedAuthorizationRequest_AsksForThePasswordAgain()
    {
        var browser = await SignedInBrowserAsync();
        var verifier = BrowserSession.Verifier();
        var posted = await browser.Http.PostAsync($"/t/{T}/connect/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "web",
            ["redirect_uri"] = R,
            ["response_type"] = "code",
            ["scope"] = "openid",
            ["state"] = "st123",
            ["nonce"] = "n123",
            ["code_challenge"] = BrowserSession.Challenge(verifier),
            ["code_challenge_method"] = "S256",
            ["response_mode"] = "form_post",
            ["prompt"] = "login",
        }));
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        var login = posted.Headers.Location!;
        Assert.Contains("/account/login", login.ToString());
        Assert.DoesNotContain("prompt%3Dlogin", login.ToString());

        // Signing in again completes the request (no second prompt).
        var signedIn = await browser.SubmitLoginAsync(login, ProtocolFixture.Email, ProtocolFixture.Password);
        var back = await browser.Http.GetAsync(signedIn.Headers.Location!.ToString());
        var page = await back.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains($"action=\"{R}\"", page);
        Assert.Contains("name=\"code\"", page);
    }

    [Fact]
    public async Task PromptNone_ThatWouldNeedASecondFactorOrConsent_ReturnsTheErrorToTheClient()
    {
        var browser = await SignedInBrowserAsync();
        var stepUp = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(T, "web", R, BrowserSession.Verifier(), "openid",
            "&prompt=none&acr_values=" + Uri.EscapeDataString(MultiFactor)));
        AssertRedirectedError(stepUp, "interaction_required");

        var consent = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(T, "partner", R, BrowserSession.Verifier(), "openid", "&prompt=none"));
        AssertRedirectedError(consent, "consent_required");

        var anonymous = await server.NewBrowser().Http.GetAsync(BrowserSession.AuthorizeUrl(T, "web", R, BrowserSession.Verifier(), "openid", "&prompt=none"));
        AssertRedirectedError(anonymous, "login_required");
    }

    [Theory]
    [InlineData("web", "&scope=openid%20no-such-scope", "invalid_scope")]
    [InlineData("web", "&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain", "invalid_request")]
    [InlineData("web", "&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=S512", "invalid_request")]
    [InlineData("web", "&response_type=token", "unsupported_response_type")]
    [InlineData("web", "&response_mode=bogus", "invalid_request")]
    [InlineData("spa", "", "invalid_request")]
    public async Task AuthorizationErrors_OnceClientAndRedirectUriAreValid_GoToTheRedirectUri(string client, string parameters, string error)
    {
        var query = QueryHelpers.ParseQuery($"?client_id={client}&redirect_uri={Uri.EscapeDataString(R)}&response_type=code&scope=openid&state=st123&nonce=n1{parameters}");
        var url = QueryHelpers.AddQueryString($"/t/{T}/connect/authorize", query.ToDictionary(p => p.Key, p => (string?)p.Value.Last()));
        var response = await server.NewBrowser().Http.GetAsync(url);
        AssertRedirectedError(response, error);
    }

    [Theory]
    [InlineData("client_id=nobody&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback")]
    [InlineData("client_id=web&redirect_uri=https%3A%2F%2Fevil.example%2Fcallback")]
    [InlineData("client_id=svc&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback")]
    public async Task AuthorizationErrors_BeforeTheRedirectUriIsKnown_AreAnHtmlPageForBrowsers(string client)
    {
        var url = $"/t/{T}/connect/authorize?{client}&response_type=code&scope=no-such-scope&state=s";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var page = await server.NewBrowser().Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Null(page.Headers.Location);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The sign-in request is not valid", await page.Content.ReadAsStringAsync());

        // A caller that does not ask for HTML gets problem+json.
        var api = await server.NewBrowser().Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RevokedAccessToken_IsRefusedAtOnceByUserinfoAndIntrospection_WithOneWrite()
    {
        var tokens = await CodeFlowAsync();
        var access = tokens["access_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(access)).StatusCode);
        Assert.True((await IntrospectAsync(access, "web"))["active"]!.GetValue<bool>());

        // Another client cannot revoke it (RFC 7009 2.1: answered 200, nothing revoked).
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(access, "other")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(access)).StatusCode);

        // Issuing an access token writes nothing (on the hot path: stateless access tokens); revoking one writes once.
        var before = server.Factory.Writes.Count;
        await server.Api.ClientCredentialsAsync(T, "svc", server.Secrets["svc"], "orders");
        Assert.Equal(HotPathSwitch.Enabled ? 0 : 1, server.Factory.Writes.Count - before);
        before = server.Factory.Writes.Count;
        var revoke = await RevokeAsync(access, "web");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(1, server.Factory.Writes.Count - before);

        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(access)).StatusCode);
        Assert.False((await IntrospectAsync(access, "web"))["active"]!.GetValue<bool>());
        // Revoking it again is fine (RFC 7009 2.2), and the client's other tokens live on.
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(access, "web")).StatusCode);
        var refreshed = await Api.ReadJsonAsync(await server.Api.TokenAsync(T, ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"]!.GetValue<string>()), ("client_id", "web"), ("client_secret", server.Secrets["web"])));
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(refreshed["access_token"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task Introspection_OfAnotherClientsToken_IsInactive()
    {
        var access = (await CodeFlowAsync())["access_token"]!.GetValue<string>();
        Assert.True((await IntrospectAsync(access, "web"))["active"]!.GetValue<bool>());
        var foreign = await IntrospectAsync(access, "other");
        Assert.False(foreign["active"]!.GetValue<bool>());
        Assert.Null(foreign["sub"]);
        var cc = await server.Api.ClientCredentialsAsync(T, "svc", server.Secrets["svc"], "orders");
        Assert.False((await IntrospectAsync(cc, "other"))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Rfc8414Metadata_IsServedAtTheWellKnownPathOfTheIssuer()
    {
        var response = await server.Api.Http.GetAsync($"/.well-known/oauth-authorization-server/t/{T}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Api.ReadJsonAsync(response);
        Assert.Equal($"http://localhost/t/{T}", doc["issuer"]!.GetValue<string>());
        Assert.Equal($"http://localhost/t/{T}/connect/token", doc["token_endpoint"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Api.Http.GetAsync("/.well-known/oauth-authorization-server/t/no-such-tenant")).StatusCode);
    }

    [Fact]
    public async Task OwnErrors_CarryNoOpenIddictErrorUri()
    {
        var wrongCode = await server.SmsSignInAsync(T, "+15555550102", code: "654321");
        var invalid = await Api.ReadJsonAsync(wrongCode);
        Assert.Equal("invalid_grant", invalid["error"]!.GetValue<string>());
        Assert.Null(invalid["error_uri"]);

        var mfa = await Api.ReadJsonAsync(await server.SmsSignInAsync(ProtocolFixture.MfaTenant, "+15555550112"));
        Assert.Equal("mfa_enrollment_required", mfa["error"]!.GetValue<string>());
        Assert.Null(mfa["error_uri"]);

        var unknownMfaToken = await Api.ReadJsonAsync(await server.Api.TokenAsync(ProtocolFixture.MfaTenant,
            ("grant_type", "urn:identity-platform:grant-type:mfa-otp"), ("mfa_token", "nope"), ("factor", "totp"), ("code", "123456"),
            ("client_id", "mobile"), ("client_secret", server.Secrets["mobile@" + ProtocolFixture.MfaTenant])));
        Assert.Equal("invalid_grant", unknownMfaToken["error"]!.GetValue<string>());
        Assert.Null(unknownMfaToken["error_uri"]);

        var loginRequired = await server.NewBrowser().Http.GetAsync(BrowserSession.AuthorizeUrl(T, "web", R, BrowserSession.Verifier(), "openid", "&prompt=none"));
        Assert.DoesNotContain("error_uri", loginRequired.Headers.Location!.Query);
    }

    private async Task<BrowserSession> SignedInBrowserAsync()
    {
        var browser = server.NewBrowser();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(T, "web", R, BrowserSession.Verifier(), "openid"),
            ProtocolFixture.Email, ProtocolFixture.Password);
        Assert.StartsWith(R, redirect.ToString());
        return browser;
    }

    private async Task<JsonNode> CodeFlowAsync()
    {
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(T, "web", R, verifier, "openid profile offline_access"),
            ProtocolFixture.Email, ProtocolFixture.Password);
        return await browser.RedeemAsync(T, "web", server.Secrets["web"], R, BrowserSession.CodeOf(redirect), verifier);
    }

    // The error goes back to the client's redirect URI with the state and issuer (RFC 6749 4.1.2.1, RFC 9207), query or fragment.
    private static void AssertRedirectedError(HttpResponseMessage response, string error)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!;
        Assert.StartsWith(R, location.GetLeftPart(UriPartial.Path));
        var parameters = QueryHelpers.ParseQuery(location.Query.Length > 1 ? location.Query : "?" + location.Fragment.TrimStart('#'));
        Assert.Equal(error, parameters["error"].ToString());
        Assert.Equal("st123", parameters["state"].ToString());
        Assert.Equal($"http://localhost/t/{T}", parameters["iss"].ToString());
    }

    private Task<HttpResponseMessage> UserInfoAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{T}/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return server.Api.Http.SendAsync(request);
    }

    private async Task<JsonNode> IntrospectAsync(string token, string clientId)
    {
        var response = await server.Api.Http.PostAsync($"/t/{T}/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = clientId,
            ["client_secret"] = server.Secrets[clientId],
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }

    private Task<HttpResponseMessage> RevokeAsync(string token, string clientId) =>
        server.Api.Http.PostAsync($"/t/{T}/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = "access_token",
            ["client_id"] = clientId,
            ["client_secret"] = server.Secrets[clientId],
        }));
}

public sealed class ProtocolDetailsTests(ProtocolFixture server) : ProtocolDetailsTestsBase<ProtocolFixture>(server), IClassFixture<ProtocolFixture>;

public sealed class ProtocolDetailsTestsOnPostgreSql(PostgreSqlProtocolFixture server)
    : ProtocolDetailsTestsBase<PostgreSqlProtocolFixture>(server), IClassFixture<PostgreSqlProtocolFixture>;
