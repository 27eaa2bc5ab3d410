using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>The admin app's editing pages in Chromium: apps, users' MFA and phone, the audit log.</summary>
public sealed class AdminAppMoreBrowserTests(AdminAppFixture apps) : BrowserTest, IClassFixture<AdminAppFixture>
{
    private const string Acme = AdminAppFixture.Acme;

    private Uri AdminPage(string path) => new(apps.Admin.BaseAddress, path);

    private async Task<IPage> SignedInAsync(string path)
    {
        var page = await NewPageAsync();
        await AdminBrowser.SignInAsync(page, AdminPage(path), AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        return page;
    }

    [Fact]
    public async Task EditingAnApp_SavesUrisAndGrants_AndARefusalKeepsTheInput()
    {
        await apps.Api.CreateClientAsync(Acme, "orders-web", ["authorization_code"], redirectUris: ["https://orders.acme.test/cb"]);
        var page = await SignedInAsync($"/t/{Acme}/apps");
        await page.ClickAsync("#edit-orders-web");
        Assert.Equal("https://orders.acme.test/cb", await page.InputValueAsync("#Input_RedirectUris"));
        Assert.True(await page.IsCheckedAsync("#grant-authorization_code"));

        await page.FillAsync("#Input_RedirectUris", "https://orders.acme.test/cb\nhttps://orders.acme.test/cb2");
        await page.FillAsync("#Input_PostLogoutRedirectUris", "https://orders.acme.test/");
        await page.CheckAsync("#grant-refresh_token");
        await page.ClickAsync("#save");
        Assert.Contains("saved", await page.InnerTextAsync("#saved"));
        var saved = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/clients/orders-web");
        Assert.Equal(["https://orders.acme.test/cb", "https://orders.acme.test/cb2"], saved["redirect_uris"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal("https://orders.acme.test/", saved["post_logout_redirect_uris"]![0]!.GetValue<string>());
        Assert.Contains("refresh_token", saved["grant_types"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("orders-web", saved["display_name"]!.GetValue<string>());

        // 422: shown next to the field, the input kept, nothing changed.
        await page.FillAsync("#Input_RedirectUris", "not a uri");
        await page.ClickAsync("#save");
        Assert.Contains("absolute URIs", await page.InnerTextAsync("#refusal"));
        Assert.Contains("absolute URIs", await page.InnerTextAsync(".field-error"));
        Assert.Equal("not a uri", await page.InputValueAsync("#Input_RedirectUris"));
        Assert.True(await page.IsCheckedAsync("#grant-refresh_token"));
        var unchanged = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/clients/orders-web");
        Assert.Equal(2, unchanged["redirect_uris"]!.AsArray().Count);
        NoTokens.In(await page.ContentAsync());
    }

    [Fact]
    public async Task ManagingAUser_U1IsExplained_PhoneSetVerifiedOrByCode_AndMfaReset()
    {
        var id = await apps.Api.CreateUserAsync(Acme, "carl@acme.test", AdminAppFixture.Password);
        var page = await SignedInAsync($"/t/{Acme}/users");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.ClickAsync("a[aria-label='Manage carl@acme.test']");
        Assert.Equal(AdminPage($"/t/{Acme}/users/{id}").ToString(), page.Url);

        // U1: the tenant requires a second factor for SMS and carl has none: 409, explained, nothing saved.
        await page.FillAsync("#Phone_PhoneNumber", "+14155557001");
        await page.ClickAsync("#save-phone");
        Assert.Contains("needs a second factor first", await page.InnerTextAsync("#second-factor-required"));
        Assert.Contains("U1", await page.InnerTextAsync("#refusal"));
        Assert.Equal("+14155557001", await page.InputValueAsync("#Phone_PhoneNumber"));
        Assert.Null((await UserAsync(id))["phone_number"]?.GetValue<string>());

        var settings = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings");
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        await apps.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{Acme}/settings", settings);

        // Verified by the admin.
        await page.ClickAsync("#save-phone");
        Assert.Contains("saved as verified", await page.InnerTextAsync("#saved"));
        Assert.Equal("+14155557001", await page.InnerTextAsync("#phone"));
        Assert.Equal("+14155557001", (await UserAsync(id))["phone_number"]!.GetValue<string>());

        // Verified by a texted code: a wrong code is refused, the right one saves the number.
        await page.FillAsync("#Phone_PhoneNumber", "+14155557002");
        await page.CheckAsync("#Phone_Verify");
        await page.ClickAsync("#save-phone");
        Assert.Contains("code was texted", await page.InnerTextAsync("#saved"));
        await page.FillAsync("#Phone_Code", "000000");
        await page.ClickAsync("#verify");
        Assert.True(await page.IsVisibleAsync("#refusal"));
        await page.FillAsync("#Phone_Code", SmsOutbox.LastCode(apps.Server, "+14155557002"));
        await page.ClickAsync("#verify");
        Assert.Contains("verified and saved", await page.InnerTextAsync("#saved"));
        Assert.Equal("+14155557002", (await UserAsync(id))["phone_number"]!.GetValue<string>());

        await page.CheckAsync("#confirm-reset-mfa");
        await page.ClickAsync("#reset-mfa");
        Assert.Contains("MFA was reset", await page.InnerTextAsync("#saved"));
        NoTokens.In(await page.ContentAsync());
    }

    [Fact]
    public async Task TheAuditLog_ShowsDecisionsWithTheirRule_AndFiltersByActionPrefixAndActor()
    {
        var settings = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings");
        settings["sign_in"]!["sms"]!["enabled"] = true;
        settings["sign_in"]!["sms"]!["sign_up"] = true; // an unknown number gets a code only where sign-up is on
        await apps.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{Acme}/settings", settings);
        var started = await apps.Api.Http.PostAsync($"/t/{Acme}/connect/sms/start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = AdminAppFixture.SmsClient,
            ["client_secret"] = apps.SmsClientSecret,
            ["phone_number"] = "+14155557101",
        }));
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());

        var page = await SignedInAsync($"/t/{Acme}/audit");
        var decision = (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/audit?action=sign_in.decision"))["items"]![0]!;
        var rule = decision["details"]!["rule"]!.GetValue<string>();
        Assert.Contains("sign_in.decision", await page.InnerTextAsync("table"));
        Assert.Contains("Rule: " + rule, await page.InnerTextAsync("table"));
        await AdminBrowser.ScreenshotAsync(page, "audit");

        await page.FillAsync("#action", "sms.");
        await page.ClickAsync("#filter");
        Assert.Contains("action=sms.", page.Url);
        var actions = await page.Locator("tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.StartsWith("sms.", a.Trim()));
        Assert.Contains("sms.code_sent", actions.Select(a => a.Trim()));
        Assert.Equal("sms.", await page.InputValueAsync("#action"));

        await page.FillAsync("#action", "");
        await page.FillAsync("#actor", decision["actor"]!.GetValue<string>());
        await page.ClickAsync("#filter");
        var actors = await page.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(actors);
        Assert.All(actors, a => Assert.Equal(decision["actor"]!.GetValue<string>(), a.Trim()));
        Assert.Contains("Rule: " + rule, await page.InnerTextAsync("table"));
        Assert.DoesNotContain("sms.code_sent", await page.InnerTextAsync("table"));
    }

    private async Task<System.Text.Json.Nodes.JsonNode> UserAsync(string id) =>
        await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users/{id}");
}
