using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>The admin app in Debian's Chromium against the identity server, both on loopback.</summary>
public sealed class AdminAppBrowserTests(AdminAppFixture apps) : BrowserTest, IClassFixture<AdminAppFixture>
{
    private const string Acme = AdminAppFixture.Acme;

    private Uri AdminPage(string path) => new(apps.Admin.BaseAddress, path);

    [Fact]
    public async Task TenantAdmin_TogglesSms_SeesP1Refusal_CreatesApp_AndSignsOut()
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
        var page = await context.NewPageAsync();
        await AdminBrowser.SignInAsync(page, AdminPage($"/t/{Acme}/quick-sign-in"), AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        Assert.Equal(AdminPage($"/t/{Acme}/quick-sign-in").ToString(), page.Url);
        Assert.True(await page.IsVisibleAsync("#Input_Enabled"), await page.ContentAsync());
        Assert.False(await page.IsCheckedAsync("#Input_Enabled"));
        Assert.Equal("access_denied", (await SmsStartAsync())["error"]?.GetValue<string>());

        // SMS sign-in on: saved through the API, and the server's next start answers.
        await page.CheckAsync("#Input_Enabled");
        await page.ClickAsync("#save");
        Assert.True(await page.IsVisibleAsync("#saved"), await page.InnerTextAsync("main"));
        Assert.Contains("saved", await page.InnerTextAsync("#saved"));
        Assert.True(await page.IsCheckedAsync("#Input_Enabled"));
        Assert.True((await SettingsAsync())["sign_in"]!["sms"]!["enabled"]!.GetValue<bool>());
        Assert.NotEqual("access_denied", (await SmsStartAsync())["error"]?.GetValue<string>());
        await AdminBrowser.ScreenshotAsync(page, "quick-sign-in");

        // P1: without TOTP and email, SMS would be the only method: refused, input kept, nothing changed.
        await page.ClickAsync("nav >> text=MFA");
        await page.UncheckAsync("#factor-totp");
        await page.UncheckAsync("#factor-email");
        await page.ClickAsync("#save");
        Assert.Contains("P1:", await page.InnerTextAsync("#refusal"));
        Assert.False(await page.IsCheckedAsync("#factor-totp"));
        Assert.False(await page.IsCheckedAsync("#factor-email"));
        var factors = (await SettingsAsync())["mfa"]!["factors"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Contains("totp", factors);
        Assert.Contains("email", factors);
        await AdminBrowser.ScreenshotAsync(page, "mfa-p1-refused");

        // A confidential app: its secret shown once, on the answer page only.
        await page.ClickAsync("nav >> text=Applications");
        await page.ClickAsync("#new-app");
        await page.FillAsync("#Input_ClientId", "billing-web");
        await page.FillAsync("#Input_DisplayName", "Billing");
        await page.FillAsync("#Input_RedirectUris", "https://billing.acme.test/signin-oidc");
        await page.ClickAsync("#create");
        var secret = (await page.InnerTextAsync("#client-secret")).Trim();
        Assert.True(secret.Length >= 40, secret);
        await AdminBrowser.ScreenshotAsync(page, "app-created");
        await page.ClickAsync("#back-to-apps");
        Assert.Contains("billing-web", await page.InnerTextAsync("table"));
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "applications");

        // No access, refresh or id token in any page source.
        foreach (var path in new[] { "", "/quick-sign-in", "/mfa", "/apps", "/users" })
        {
            await page.GotoAsync(AdminPage($"/t/{Acme}{path}").ToString());
            NoTokens.In(await page.ContentAsync());
        }
        await AdminBrowser.ScreenshotAsync(page, "users");

        // Sign out ends both sessions: the next visit needs the password again.
        await page.ClickAsync("#sign-out");
        await page.ArrivedAtAsync(url => url.Contains("/signed-out", StringComparison.Ordinal));
        await page.GotoAsync(AdminPage($"/t/{Acme}/quick-sign-in").ToString());
        await page.ArrivedAtAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        Assert.StartsWith(new Uri(apps.ServerAddress, $"/t/{Acme}/account/login").ToString(), page.Url);
    }

    [Fact]
    public async Task UserWhoIsNotAnAdmin_GetsThe403Page()
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        var status = 0;
        page.Response += (_, r) => { if (r.Url == AdminPage($"/t/{Acme}/users").ToString()) status = r.Status; };
        await AdminBrowser.SignInAsync(page, AdminPage($"/t/{Acme}/users"), AdminAppFixture.AcmeUser, AdminAppFixture.Password);
        Assert.Contains("not an administrator", await page.InnerTextAsync("#forbidden"));
        Assert.Equal((int)HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain(AdminAppFixture.AcmeAdmin, await page.ContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "forbidden-phone");
    }

    [Fact]
    public async Task AdminOfAcme_EditingTheUrlToGlobex_IsSentToGlobexSignIn_AndSeesNothingOfIt()
    {
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await AdminBrowser.SignInAsync(page, AdminPage($"/t/{Acme}/users"), AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        Assert.Contains(AdminAppFixture.AcmeAdmin, await page.InnerTextAsync("table"));

        foreach (var path in new[] { "/users", "/apps", "/quick-sign-in" })
        {
            await page.GotoAsync(AdminPage($"/t/{AdminAppFixture.Globex}{path}").ToString());
            await page.ArrivedAtAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
            Assert.StartsWith(new Uri(apps.ServerAddress, $"/t/{AdminAppFixture.Globex}/account/login").ToString(), page.Url);
            Assert.DoesNotContain(AdminAppFixture.GlobexAdmin, await page.ContentAsync());
        }
        // Acme's credentials are not Globex's: the hosted page refuses them, so nothing of Globex opens.
        await page.FillAsync("input[name='Input.Email']", AdminAppFixture.AcmeAdmin);
        await page.FillAsync("input[name='Input.Password']", AdminAppFixture.Password);
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("/account/login", page.Url);
        Assert.DoesNotContain(apps.Admin.BaseAddress.Authority, page.Url);
    }

    private async Task<JsonNode> SettingsAsync() => await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings");

    private async Task<JsonNode> SmsStartAsync()
    {
        var response = await apps.Api.Http.PostAsync($"/t/{Acme}/connect/sms/start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = AdminAppFixture.SmsClient,
            ["client_secret"] = apps.SmsClientSecret,
            ["phone_number"] = "+14155556001",
        }));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
