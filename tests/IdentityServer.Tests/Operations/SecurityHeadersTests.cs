using System.Net;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Oidc;

namespace IdentityServer.Tests.Operations;

/// <summary>SPEC 8, issue 12 point 17: every response of the server carries the security headers.</summary>
public sealed class SecurityHeadersTests(AuthorizationCodeFixture server) : IClassFixture<AuthorizationCodeFixture>
{
    [Theory]
    [InlineData("/t/shop/account/login")]
    [InlineData("/t/shop/account/sms")]
    [InlineData("/t/shop/account/logged-out")]
    [InlineData("/t/shop/account/signed-in")]
    [InlineData("/t/shop/.well-known/openid-configuration")]
    [InlineData("/t/no-such-tenant/account/login")]
    [InlineData("/css/site.css")]
    [InlineData("/health/live")]
    public async Task EveryResponse_CarriesTheSecurityHeaders_WithACspWithoutInlineScript(string path)
    {
        using var response = await server.NewBrowser().Http.GetAsync(path);
        AssertSecurityHeaders(response, hsts: false);
    }

    [Fact]
    public async Task TheHostedPages_HaveNoInlineScriptOrStyle()
    {
        var browser = server.NewBrowser();
        foreach (var path in new[] { "/t/shop/account/login", "/t/shop/account/sms" })
        {
            var page = await browser.Http.GetStringAsync(path);
            Assert.DoesNotContain("<script>", page);
            Assert.DoesNotContain("<style", page);
            Assert.DoesNotContain(" onsubmit=", page);
            Assert.Contains("<link rel=\"stylesheet\" href=\"/css/site.css\" />", page);
        }
    }

    [Fact]
    public async Task OutsideDevelopment_OverHttps_HstsIsSent()
    {
        await using var factory = new ServerFactory { Environment = "Staging" };
        factory.ClientOptions.BaseAddress = new Uri("https://localhost");
        using var response = await factory.CreateClient().GetAsync("/t/platform/account/login");
        AssertSecurityHeaders(response, hsts: true);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response, bool hsts)
    {
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        if (hsts)
        {
            Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"));
        }
        else
        {
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS in Development");
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"no {name} header on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");
}
