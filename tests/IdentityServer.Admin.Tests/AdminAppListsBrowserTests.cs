using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Admin.Tests;

/// <summary>The users and applications lists in Chromium: search, add, disable/enable a user; delete an app.</summary>
public sealed class AdminAppListsBrowserTests(AdminAppFixture apps) : BrowserTest, IClassFixture<AdminAppFixture>
{
    private const string Acme = AdminAppFixture.Acme;

    [Fact]
    public async Task Users_AddSearchDisableEnable_AndApps_Delete_ThroughTheApi()
    {
        var page = await NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await AdminBrowser.SignInAsync(page, new Uri(apps.Admin.BaseAddress, $"/t/{Acme}/users"), AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);

        await page.ClickAsync("#new-user");
        await page.FillAsync("#Input_Email", "dora@acme.test");
        await page.FillAsync("#Input_Password", AdminAppFixture.Password);
        await page.ClickAsync("#create");
        var created = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users?search=dora");
        Assert.Equal(1, created["total"]!.GetValue<int>());

        await page.GotoAsync(new Uri(apps.Admin.BaseAddress, $"/t/{Acme}/users?q=dora").ToString());
        Assert.Equal("dora", await page.InputValueAsync("#q"));
        await page.ClickAsync("button[aria-label='Disable dora@acme.test']");
        await page.WaitForSelectorAsync("button[aria-label='Enable dora@acme.test']");
        Assert.Equal("disabled", (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users?search=dora"))["items"]![0]!["status"]!.GetValue<string>());
        await page.ClickAsync("button[aria-label='Enable dora@acme.test']");
        await page.WaitForSelectorAsync("button[aria-label='Disable dora@acme.test']");
        Assert.Equal("active", (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users?search=dora"))["items"]![0]!["status"]!.GetValue<string>());

        await apps.Api.CreateClientAsync(Acme, "old-app", ["client_credentials"], []);
        await page.GotoAsync(new Uri(apps.Admin.BaseAddress, $"/t/{Acme}/apps").ToString());
        await page.ClickAsync("button[aria-label='Delete old-app']");
        await page.WaitForSelectorAsync("#edit-old-app", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await apps.Api.CallAsync(HttpMethod.Get, $"/tenants/{Acme}/clients/old-app")).StatusCode);
    }
}
