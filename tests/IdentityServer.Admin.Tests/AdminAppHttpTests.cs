using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityServer.Admin.Tests;

/// <summary>The admin app over plain HTTP, without a browser: where it sends an anonymous visitor.</summary>
public sealed class AdminAppHttpTests(AdminAppFixture apps) : IClassFixture<AdminAppFixture>
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = apps.Admin.BaseAddress };

    [Theory]
    [InlineData("/t/acme")]
    [InlineData("/t/acme/quick-sign-in")]
    [InlineData("/t/acme/mfa")]
    [InlineData("/t/acme/apps")]
    [InlineData("/t/acme/apps/new")]
    [InlineData("/t/acme/apps/acme-mobile/edit")]
    [InlineData("/t/acme/users")]
    [InlineData("/t/acme/users/new")]
    [InlineData("/t/acme/users/some-user-id")]
    [InlineData("/t/acme/audit")]
    [InlineData("/t/acme/tenants")]
    public async Task EveryTenantPage_SendsAnAnonymousVisitor_ToThatTenantsIssuer_WithPkce(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(apps.ServerAddress, "/t/acme/connect/authorize").ToString(), location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("admin-app", query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(new Uri(apps.Admin.BaseAddress, "/t/acme/signin-oidc").ToString(), query["redirect_uri"].ToString());
        Assert.Contains("idp_admin", query["scope"].ToString().Split(' '));
    }

    [Fact]
    public async Task AFormPost_WithoutASession_ChangesNothing_AndIsSentToSignIn()
    {
        var response = await _http.PostAsync("/t/acme/quick-sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Enabled"] = "true" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/t/acme/connect/authorize", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("/t/no-such-tenant/users")]
    [InlineData("/t/Not_A_Slug/users")]
    public async Task AnUnknownTenant_IsNotFound(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheLandingPage_SendsAChosenTenantToItsPages()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/")).StatusCode);
        var response = await _http.GetAsync("/?tenant=acme");
        Assert.Equal("/t/acme", response.Headers.Location!.ToString());
    }
}
