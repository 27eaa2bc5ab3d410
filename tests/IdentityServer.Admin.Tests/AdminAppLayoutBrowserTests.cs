using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>
/// Issue 15 point 6: every admin page at 390 px (a phone) and 1280 px (a laptop) in Chromium: a screenshot of
/// each into docs/screenshots (UPDATE_SCREENSHOTS=1), and a failure when an action is outside the viewport, the
/// page scrolls sideways or a table column is cut off.
/// </summary>
public sealed class AdminAppLayoutBrowserTests(AdminAppFixture apps) : BrowserTest, IClassFixture<AdminAppFixture>
{
    private const string Acme = AdminAppFixture.Acme;
    private static readonly int[] Widths = [390, 1280];

    private Uri AdminPage(string path) => new(apps.Admin.BaseAddress, path);

    [Fact]
    public async Task EveryAdminPage_AtPhoneAndLaptopWidth_KeepsItsActionsInView()
    {
        var bob = (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users?q={AdminAppFixture.AcmeUser}"))["items"]![0]!["id"]!.GetValue<string>();
        await apps.Api.CallOkAsync(HttpMethod.Patch, $"/tenants/{Acme}/users/{bob}", new { given_name = "Bob", family_name = "Builder" });
        // A long audit line: a settings refusal lists its rule messages in the details column.
        var settings = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings");
        settings["mfa"]!["enforcement"] = "required";
        settings["mfa"]!["factors"] = new System.Text.Json.Nodes.JsonArray("recovery_code");
        await apps.Api.CallAsync(HttpMethod.Put, $"/tenants/{Acme}/settings", settings);

        var kid = (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/keys"))["items"]![0]!["kid"]!.GetValue<string>();

        var admin = await NewPageAsync();
        await AdminBrowser.SignInAsync(admin, AdminPage($"/t/{Acme}"), AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        (string Name, string Path)[] pages =
        [
            ("overview", $"/t/{Acme}"),
            ("settings", $"/t/{Acme}/settings"),
            ("quick-sign-in-page", $"/t/{Acme}/quick-sign-in"),
            ("mfa", $"/t/{Acme}/mfa"),
            ("apps", $"/t/{Acme}/apps"),
            ("app-new", $"/t/{Acme}/apps/new"),
            ("app-edit", $"/t/{Acme}/apps/{AdminAppFixture.SmsClient}/edit"),
            ("users-list", $"/t/{Acme}/users"),
            ("user-new", $"/t/{Acme}/users/new"),
            ("user-detail", $"/t/{Acme}/users/{bob}"),
            ("audit-log", $"/t/{Acme}/audit"),
            ("signing-keys", $"/t/{Acme}/keys"),
            ("signing-keys-revoke", $"/t/{Acme}/keys?revoke={kid}"),
        ];
        foreach (var (name, path) in pages)
        {
            await CheckAsync(admin, name, path);
        }
        // The favicon is linked and served.
        Assert.Equal("/favicon.svg", await admin.GetAttributeAsync("link[rel=icon]", "href"));
        Assert.True((await admin.APIRequest.GetAsync(AdminPage("/favicon.svg").ToString())).Ok);

        var platform = await NewPageAsync();
        await AdminBrowser.SignInAsync(platform, AdminPage("/t/platform/tenants"), ServerFactory.AdminEmail, ServerFactory.AdminPassword);
        await CheckAsync(platform, "tenants-page", "/t/platform/tenants");

        var visitor = await NewPageAsync();
        await CheckAsync(visitor, "choose-tenant", "/");
        var notAdmin = await NewPageAsync();
        await AdminBrowser.SignInAsync(notAdmin, AdminPage($"/t/{Acme}"), AdminAppFixture.AcmeUser, AdminAppFixture.Password);
        await CheckAsync(notAdmin, "forbidden", $"/t/{Acme}");
    }

    private async Task CheckAsync(IPage page, string name, string path)
    {
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync(AdminPage(path).ToString());
            await AdminBrowser.ScreenshotAsync(page, $"{name}-{width}");
            await AdminBrowser.AssertUsableAsync(page, $"{path} at {width} px");
        }
    }
}
