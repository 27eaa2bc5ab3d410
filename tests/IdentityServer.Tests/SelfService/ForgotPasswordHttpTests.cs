using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SelfService;

/// <summary>Forgot password and the reset link over HTTP: the same answer for every address, the limits under parallel requests, single use.</summary>
public sealed class ForgotPasswordHttpTests(SelfServiceFixture server) : IClassFixture<SelfServiceFixture>
{
    private static string Forgot(string tenant) => $"/t/{tenant}/account/forgot-password";

    [Fact]
    public async Task KnownAndUnknownAddresses_GetTheSamePage_AndOnlyTheKnownOneGetsALink()
    {
        var tenant = await server.NewTenantAsync();
        var known = server.NewEmail("known");
        var unknown = server.NewEmail("unknown");
        await server.Api.CreateUserAsync(tenant, known, SelfServiceFixture.Password);
        using var http = server.NewClient();
        var token = await SelfServiceFixture.AntiforgeryAsync(http, Forgot(tenant));

        var forKnown = await SelfServiceFixture.PostAsync(http, Forgot(tenant), token, ("Email", known));
        var forUnknown = await SelfServiceFixture.PostAsync(http, Forgot(tenant), token, ("Email", unknown));

        Assert.Equal(HttpStatusCode.OK, forKnown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forUnknown.StatusCode);
        // The pages differ only by the address shown back.
        Assert.Equal((await forKnown.Content.ReadAsStringAsync()).Replace(known, "ADDRESS", StringComparison.Ordinal),
            (await forUnknown.Content.ReadAsStringAsync()).Replace(unknown, "ADDRESS", StringComparison.Ordinal));
        Assert.Contains("/account/reset-password?user=", Assert.Single(MailOutbox.To(server.Factory, known)).TextBody);
        Assert.Empty(MailOutbox.To(server.Factory, unknown));
    }

    [Fact]
    public async Task ThirtyParallelRequests_ForOneAddress_SendExactlyThePerAddressLimit()
    {
        var tenant = await server.NewTenantAsync();
        var email = server.NewEmail("flood");
        await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        // Each request from its own client IP would need more addresses than loopback has: the per-IP limit (8) is
        // above the per-address one (5) here, so the address's limit is what stops them.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            using var http = server.NewClient();
            var token = await SelfServiceFixture.AntiforgeryAsync(http, Forgot(tenant));
            return (await SelfServiceFixture.PostAsync(http, Forgot(tenant), token, ("Email", email))).StatusCode;
        }));

        Assert.Equal(SelfServiceFixture.PerAddress, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(30 - SelfServiceFixture.PerAddress, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(SelfServiceFixture.PerAddress, MailOutbox.To(server.Factory, email).Count);
    }

    [Fact]
    public async Task TwentyParallelRequests_FromOneIp_ForManyAddresses_PassOnlyThePerIpLimit_KnownOrNot()
    {
        var tenant = await server.NewTenantAsync();
        var addresses = Enumerable.Range(0, 20).Select(i => server.NewEmail("ip")).ToList();
        foreach (var known in addresses.Take(4))
        {
            await server.Api.CreateUserAsync(tenant, known, SelfServiceFixture.Password);
        }
        using var http = server.NewClient();
        var token = await SelfServiceFixture.AntiforgeryAsync(http, Forgot(tenant));
        var responses = await Task.WhenAll(addresses.Select(a => SelfServiceFixture.PostAsync(http, Forgot(tenant), token, ("Email", a))));

        Assert.Equal(SelfServiceFixture.PerIp, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync());
        Assert.True(addresses.Sum(a => MailOutbox.To(server.Factory, a).Count) <= 4);
    }

    [Fact]
    public async Task TheLink_SetsTheNewPassword_Once_AndAnAlteredOrUsedLinkSaysItDoesNotWork()
    {
        var tenant = await server.NewTenantAsync();
        var email = server.NewEmail("reset");
        var id = await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        using var http = server.NewClient();
        await SelfServiceFixture.PostAsync(http, Forgot(tenant), await SelfServiceFixture.AntiforgeryAsync(http, Forgot(tenant)), ("Email", email));
        var link = server.LinkIn(email, "/account/reset-password");

        var page = await http.GetAsync(link);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("name=\"NewPassword\"", html);
        var token = BrowserSession.Antiforgery(html);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(server.BaseAddress, link).Query);
        (string, string)[] fields = [("user", query["user"]!), ("token", query["token"]!)];

        // Two different passwords: refused, nothing changes.
        var mismatch = await SelfServiceFixture.PostAsync(http, link.Split('?')[0], token, [.. fields, ("NewPassword", "New-Passw0rd-1!"), ("ConfirmPassword", "Other")]);
        Assert.Contains("not the same", await mismatch.Content.ReadAsStringAsync());
        // Identity's password rules speak.
        var weak = await SelfServiceFixture.PostAsync(http, link.Split('?')[0], token, [.. fields, ("NewPassword", "short"), ("ConfirmPassword", "short")]);
        Assert.Contains("at least 8 characters", await weak.Content.ReadAsStringAsync());

        var done = await SelfServiceFixture.PostAsync(http, link.Split('?')[0], token, [.. fields, ("NewPassword", "New-Passw0rd-1!"), ("ConfirmPassword", "New-Passw0rd-1!")]);
        Assert.Contains("id=\"done\"", await done.Content.ReadAsStringAsync());

        // Used: the security stamp moved, the same link is dead (page and post alike).
        Assert.Contains("id=\"invalid\"", await http.GetStringAsync(link));
        var again = await SelfServiceFixture.PostAsync(http, link.Split('?')[0], token, [.. fields, ("NewPassword", "New-Passw0rd-2!"), ("ConfirmPassword", "New-Passw0rd-2!")]);
        Assert.Contains("id=\"invalid\"", await again.Content.ReadAsStringAsync());
        Assert.Contains("id=\"invalid\"", await http.GetStringAsync($"/t/{tenant}/account/reset-password?user={id}&token=forged"));

        // The new password signs in; the old one does not.
        var browser = new BrowserSession(server.NewClient());
        var signIn = await browser.SubmitLoginAsync(new Uri(server.BaseAddress, $"/t/{tenant}/account/login"), email, "New-Passw0rd-1!");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var audit = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?page_size=100");
        var actions = audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("user.password_reset_requested", actions);
        Assert.Contains("user.password_reset", actions);
        Assert.DoesNotContain(query["token"]!.ToString(), audit.ToJsonString());
    }

    [Fact]
    public async Task WherePasswordSignInIsOff_ForgotPasswordIsNotFound_AndTheSignInPageHasNoLink()
    {
        var tenant = await server.NewTenantAsync(change: s =>
        {
            s["sign_in"]!["password"]!["enabled"] = false;
            s["sign_in"]!["passkey"]!["enabled"] = true;
        });
        using var http = server.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Forgot(tenant))).StatusCode);
        Assert.DoesNotContain("forgot-password", await http.GetStringAsync($"/t/{tenant}/account/login"));
        var open = await server.NewTenantAsync();
        Assert.Contains("id=\"forgot-password\"", await http.GetStringAsync($"/t/{open}/account/login"));
    }

    [Fact]
    public async Task ThePageAndTheEmail_SpeakTheBrowsersLanguage()
    {
        var tenant = await server.NewTenantAsync();
        var email = server.NewEmail("fr");
        await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        using var http = server.NewClient("fr-FR,fr;q=0.9,en;q=0.8");
        var html = await http.GetStringAsync(Forgot(tenant));
        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("Mot de passe oublié ?", html);
        await SelfServiceFixture.PostAsync(http, Forgot(tenant), BrowserSession.Antiforgery(html), ("Email", email));
        var mail = Assert.Single(MailOutbox.To(server.Factory, email));
        Assert.StartsWith("Choisissez un nouveau mot de passe", mail.Subject);
        using var de = server.NewClient("de-DE");
        Assert.Contains("Passwort vergessen?", await de.GetStringAsync(Forgot(tenant)));
    }

    [Fact]
    public async Task TheWayBackToSignIn_KeepsAReturnUrlOnlyInsideTheTenant()
    {
        var tenant = await server.NewTenantAsync();
        using var http = server.NewClient();
        string SignInLink(string html) => System.Net.WebUtility.HtmlDecode(
            System.Text.RegularExpressions.Regex.Match(html, "id=\"sign-in\" href=\"([^\"]*)\"").Groups[1].Value);

        foreach (var outside in new[] { "https://evil.example/", "//evil.example/x", "/t/other/connect/authorize?client_id=a", "/\\evil.example" })
        {
            foreach (var path in new[] { Forgot(tenant), $"/t/{tenant}/account/reset-password" })
            {
                var link = SignInLink(await http.GetStringAsync(path + "?ReturnUrl=" + Uri.EscapeDataString(outside)));
                Assert.Equal($"/t/{tenant}/account/login", link);
            }
        }
        var inside = $"/t/{tenant}/connect/authorize?client_id=web&state=1";
        Assert.Equal($"/t/{tenant}/account/login?ReturnUrl=" + Uri.EscapeDataString(inside),
            SignInLink(await http.GetStringAsync(Forgot(tenant) + "?ReturnUrl=" + Uri.EscapeDataString(inside))));
    }

    [Fact]
    public async Task APostWithoutItsAntiforgeryToken_IsRefused()
    {
        var tenant = await server.NewTenantAsync();
        using var http = server.NewClient();
        var response = await http.PostAsync(Forgot(tenant), new FormUrlEncodedContent([KeyValuePair.Create("Email", "a@b.example")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
