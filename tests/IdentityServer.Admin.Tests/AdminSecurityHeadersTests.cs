using System.Net;

namespace IdentityServer.Admin.Tests;

/// <summary>SPEC 8, issue 12 point 17: every response of the admin app carries the security headers; its pages have no inline script.</summary>
public sealed class AdminSecurityHeadersTests(AdminAppFixture apps) : IClassFixture<AdminAppFixture>
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = apps.Admin.BaseAddress };

    [Theory]
    [InlineData("/")]
    [InlineData("/t/acme")]
    [InlineData("/t/acme/users")]
    [InlineData("/t/no-such-tenant/users")]
    [InlineData("/css/admin.css")]
    [InlineData("/js/admin.js")]
    [InlineData("/health/live")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var response = await _http.GetAsync(path);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        // The tests run the admin app in Development over plain HTTP: no HSTS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task TheLandingPage_HasNoInlineScriptOrStyle()
    {
        var page = await _http.GetStringAsync("/");
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain("<style", page);
        Assert.DoesNotContain(" onsubmit=", page);
        Assert.Contains("/js/admin.js", page);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"no {name} header on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");
}
