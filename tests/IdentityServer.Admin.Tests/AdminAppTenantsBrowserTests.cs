using System.Net;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>The platform admins' tenants page in Chromium: list, create, disable and enable; nobody else reaches it.</summary>
public sealed class AdminAppTenantsBrowserTests(AdminAppFixture apps) : BrowserTest, IClassFixture<AdminAppFixture>
{
    private const string Platform = "platform";

    private Uri AdminPage(string path) => new(apps.Admin.BaseAddress, path);

    [Fact]
    public async Task PlatformAdmin_CreatesATenant_SeesItListed_DisablesIt_AndEnablesItAgain()
    {
        var page = await NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await AdminBrowser.SignInAsync(page, AdminPage($"/t/{Platform}"), ServerFactory.AdminEmail, ServerFactory.AdminPassword);
        await page.ClickAsync("nav >> text=Tenants");
        Assert.Equal(AdminPage($"/t/{Platform}/tenants").ToString(), page.Url);
        var table = await page.InnerTextAsync("table");
        Assert.Contains(Platform, table);
        Assert.Contains(AdminAppFixture.Acme, table);

        // A bad slug (422) and an existing one (409): shown next to the form, the input kept.
        await page.FillAsync("#Input_Slug", "Not A Slug");
        await page.FillAsync("#Input_DisplayName", "Initech Corp");
        await page.ClickAsync("#create");
        Assert.Contains("a-z, 0-9", await page.InnerTextAsync("#refusal"));
        Assert.Contains("a-z, 0-9", await page.InnerTextAsync(".field-error"));
        Assert.Equal("Not A Slug", await page.InputValueAsync("#Input_Slug"));
        Assert.Equal("Initech Corp", await page.InputValueAsync("#Input_DisplayName"));
        await page.FillAsync("#Input_Slug", AdminAppFixture.Acme);
        await page.ClickAsync("#create");
        Assert.Contains("exists already", await page.InnerTextAsync("#refusal"));
        Assert.Equal(AdminAppFixture.Acme, await page.InputValueAsync("#Input_Slug"));

        await page.FillAsync("#Input_Slug", "initech");
        await page.ClickAsync("#create");
        Assert.Contains("initech was created", await page.InnerTextAsync("#saved"));
        Assert.Equal("", await page.InputValueAsync("#Input_Slug"));
        Assert.Contains("Initech Corp", await page.InnerTextAsync("#tenant-initech"));
        Assert.Equal("active", (await page.InnerTextAsync("#tenant-initech .status")).Trim());
        Assert.Equal(HttpStatusCode.OK, await DiscoveryStatusAsync("initech"));
        await AdminBrowser.ScreenshotAsync(page, "tenants");

        await page.ClickAsync("#disable-initech");
        Assert.Contains("initech was disabled", await page.InnerTextAsync("#saved"));
        Assert.Equal("disabled", (await page.InnerTextAsync("#tenant-initech .status")).Trim());
        Assert.Equal("disabled", (await apps.Api.CallOkAsync(HttpMethod.Get, "/tenants/initech"))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, await DiscoveryStatusAsync("initech"));

        // The platform tenant cannot be disabled: no Disable button, a line saying why (the API refuses it too).
        Assert.Equal(0, await page.Locator($"#disable-{Platform}").CountAsync());
        Assert.Contains("cannot be disabled", await page.InnerTextAsync($"#tenant-{Platform}"));
        Assert.Equal("active", (await page.InnerTextAsync($"#tenant-{Platform} .status")).Trim());

        await page.ClickAsync("#enable-initech");
        Assert.Contains("initech was enabled", await page.InnerTextAsync("#saved"));
        Assert.Equal("active", (await page.InnerTextAsync("#tenant-initech .status")).Trim());
        Assert.Equal(HttpStatusCode.OK, await DiscoveryStatusAsync("initech"));
        NoTokens.In(await page.ContentAsync());
    }

    [Fact]
    public async Task PlatformAdmin_OpensAnotherTenant_ChangesItsMfaPolicy_WithThePlatformSession_AndSignsOut()
    {
        var page = await NewPageAsync();
        await AdminBrowser.SignInAsync(page, AdminPage($"/t/{Platform}/tenants"), ServerFactory.AdminEmail, ServerFactory.AdminPassword);
        await page.ClickAsync($"#open-{AdminAppFixture.Globex}");

        // No second sign-in at globex's issuer: the platform session serves globex's pages.
        Assert.Equal(AdminPage($"/t/{AdminAppFixture.Globex}").ToString(), page.Url);
        Assert.Contains("as a platform administrator", await page.InnerTextAsync("#via-platform"));
        await page.ClickAsync("nav >> text=Users");
        Assert.Contains(AdminAppFixture.GlobexAdmin, await page.InnerTextAsync("table"));
        Assert.DoesNotContain(AdminAppFixture.AcmeAdmin, await page.ContentAsync());

        string Enforcement(System.Text.Json.Nodes.JsonNode settings) => settings["mfa"]!["enforcement"]!.GetValue<string>();
        var acmeBefore = Enforcement(await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{AdminAppFixture.Acme}/settings"));
        var target = Enforcement(await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{AdminAppFixture.Globex}/settings")) == "off" ? "optional" : "off";
        await page.ClickAsync("nav >> text=MFA");
        await page.CheckAsync($"#enforcement-{target}");
        await page.ClickAsync("#save");
        Assert.True(await page.IsVisibleAsync("#saved"));
        Assert.Equal(target, Enforcement(await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{AdminAppFixture.Globex}/settings")));
        // The change is globex's, recorded under the platform admin's name.
        var audit = (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{AdminAppFixture.Globex}/audit?action=settings.changed"))["items"]!.AsArray();
        Assert.Contains(audit, e => e!["actor"]!.GetValue<string>() == ServerFactory.AdminEmail.ToLowerInvariant());
        Assert.Equal(acmeBefore, Enforcement(await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{AdminAppFixture.Acme}/settings")));
        NoTokens.In(await page.ContentAsync());

        // The nav leads back to the tenants page; signing out here ends the platform session.
        Assert.Equal(1, await page.Locator($"nav a[href='/t/{Platform}/tenants']").CountAsync());
        await page.ClickAsync("#sign-out");
        await page.ArrivedAtAsync(url => url.Contains("/signed-out", StringComparison.Ordinal));
        await page.GotoAsync(AdminPage($"/t/{AdminAppFixture.Globex}/users").ToString());
        await page.ArrivedAtAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        Assert.StartsWith(new Uri(apps.ServerAddress, $"/t/{AdminAppFixture.Globex}/account/login").ToString(), page.Url);
    }

    [Fact]
    public async Task PlatformAdmin_PagesThroughTheTenants()
    {
        for (var i = 0; i < 21; i++)
        {
            await apps.Api.CreateTenantAsync($"paged-{i:00}");
        }
        var page = await NewPageAsync();
        await AdminBrowser.SignInAsync(page, AdminPage($"/t/{Platform}/tenants"), ServerFactory.AdminEmail, ServerFactory.AdminPassword);
        var total = (await apps.Api.CallOkAsync(HttpMethod.Get, "/tenants?page_size=1"))["total"]!.GetValue<long>();
        Assert.Contains($"{total} tenant(s), page 1", await page.InnerTextAsync("caption"));
        Assert.Equal(20, await page.Locator("tbody tr").CountAsync());
        await page.ClickAsync("#next-page");
        Assert.Contains("page=2", page.Url);
        Assert.Equal((int)(total - 20), await page.Locator("tbody tr").CountAsync());
        Assert.True(await page.IsVisibleAsync("#previous-page"));
    }

    [Fact]
    public async Task TenantAdminOfAnotherTenant_CannotReachTheTenantsPage()
    {
        var page = await NewPageAsync();
        await AdminBrowser.SignInAsync(page, AdminPage($"/t/{AdminAppFixture.Acme}"), AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        // Listened to after the sign-in: a handler on every response of the sign-in's redirects and form_post
        // coincided with a load event that never came (the test's only flake in three clean-clone runs).
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        page.Response += (_, r) => statuses[r.Url] = r.Status;
        Assert.Equal(0, await page.Locator("nav >> text=Tenants").CountAsync());
        Assert.DoesNotContain("/tenants", await page.ContentAsync());

        // The page under the admin's own tenant: the 403 page.
        await page.GotoAsync(AdminPage($"/t/{AdminAppFixture.Acme}/tenants").ToString());
        Assert.Equal((int)HttpStatusCode.Forbidden, statuses[AdminPage($"/t/{AdminAppFixture.Acme}/tenants").ToString()]);
        Assert.Contains("not an administrator", await page.InnerTextAsync("#forbidden"));
        Assert.DoesNotContain("initech", await page.ContentAsync());
        Assert.Equal(0, await page.Locator("table").CountAsync());

        // The page under tenant platform: platform's sign-in, which acme's credentials do not open.
        await page.GotoAsync(AdminPage($"/t/{Platform}/tenants").ToString());
        await page.ArrivedAtAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        Assert.StartsWith(new Uri(apps.ServerAddress, $"/t/{Platform}/account/login").ToString(), page.Url);
        await page.FillAsync("input[name='Input.Email']", AdminAppFixture.AcmeAdmin);
        await page.FillAsync("input[name='Input.Password']", AdminAppFixture.Password);
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("/account/login", page.Url);
        Assert.DoesNotContain(apps.Admin.BaseAddress.Authority, page.Url);
    }

    private async Task<HttpStatusCode> DiscoveryStatusAsync(string tenant) =>
        (await apps.Api.Http.GetAsync($"/t/{tenant}/.well-known/openid-configuration")).StatusCode;
}
