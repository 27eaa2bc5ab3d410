using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>
/// Issue 14 point 3 in Chromium: the "Signing keys" page lists the tenant's keys, rotates them, revokes one
/// after a confirmation step and edits the algorithm and rotation period; the Applications page sets a
/// client's ID token algorithm. A platform admin works on a tenant of its own (revoking a key of the tenant
/// the admin signed in to would end the admin's own session, whose tokens that key signed).
/// </summary>
public sealed class AdminAppKeysBrowserTests(AdminAppFixture apps) : BrowserTest, IClassFixture<AdminAppFixture>
{
    private Uri AdminPage(string path) => new(apps.Admin.BaseAddress, path);

    private async Task<IPage> PlatformAdminAsync()
    {
        var page = await NewPageAsync();
        await AdminBrowser.SignInAsync(page, AdminPage("/t/platform/tenants"), ServerFactory.AdminEmail, ServerFactory.AdminPassword);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    [Fact]
    public async Task SigningKeysPage_RotatesNow_RevokesAfterConfirmation_AndChangesAlgorithmAndPeriod()
    {
        var tenant = await apps.Api.NewTenantAsync("keyco");
        var page = await PlatformAdminAsync();
        await page.GotoAsync(AdminPage($"/t/{tenant}").ToString());
        await page.ClickAsync("nav >> text=Signing keys");
        Assert.Equal(AdminPage($"/t/{tenant}/keys").ToString(), page.Url);

        // A new tenant: one RS256 key, active; the page shows what the API shows.
        var first = Assert.Single(await KeysAsync(tenant));
        var kid1 = Kid(first);
        Assert.Equal("active", await StatusAsync(page, kid1));
        Assert.Contains("RS256", await page.InnerTextAsync($"[id='key-{kid1}']"));
        Assert.Equal("RS256", await page.InputValueAsync("#Input_Algorithm"));
        Assert.Equal("90", await page.InputValueAsync("#Input_RotationPeriodDays"));

        // Rotate now: a new key signs, the old one is previous (still published), a next one is published ahead.
        await page.ClickAsync("#rotate");
        Assert.Contains("Rotated", await page.InnerTextAsync("#saved"));
        var rotated = await KeysAsync(tenant);
        Assert.Equal(3, rotated.Count);
        Assert.Equal("previous", await StatusAsync(page, kid1));
        var kid2 = Kid(rotated.Single(k => k["status"]!.GetValue<string>() == "active"));
        Assert.Equal("active", await StatusAsync(page, kid2));
        Assert.Equal("next", await StatusAsync(page, Kid(rotated.Single(k => k["status"]!.GetValue<string>() == "next"))));
        Assert.Contains(kid1, await JwksKidsAsync(tenant));

        // Revoke asks first; Cancel changes nothing.
        await page.ClickAsync($"[id='revoke-{kid2}']");
        Assert.Contains(kid2, await page.InnerTextAsync("#confirm-revoke"));
        Assert.Contains("takes over", await page.InnerTextAsync("#confirm-revoke"));
        await page.ClickAsync("#revoke-cancel");
        Assert.Equal(0, await page.Locator("#confirm-revoke").CountAsync());
        Assert.Equal("active", await StatusAsync(page, kid2));

        // Sent without the ticked box (a client that skips the browser's check): refused, nothing revoked.
        await page.ClickAsync($"[id='revoke-{kid1}']");
        await page.EvaluateAsync("() => document.getElementById('confirm-revoke-box').removeAttribute('required')");
        await page.ClickAsync("#revoke-confirmed");
        Assert.Contains("Tick the box", await page.InnerTextAsync("#refusal"));
        Assert.Equal("previous", await StatusAsync(page, kid1));

        // Confirmed: the key is revoked, out of the JWKS at once, and the audit log names it.
        await page.CheckAsync("#confirm-revoke-box");
        await page.ClickAsync("#revoke-confirmed");
        Assert.Contains($"The key {kid1} was revoked", await page.InnerTextAsync("#saved"));
        Assert.Equal("revoked", await StatusAsync(page, kid1));
        Assert.Equal(0, await page.Locator($"[id='revoke-{kid1}']").CountAsync());
        Assert.DoesNotContain(kid1, await JwksKidsAsync(tenant));
        var audit = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?action=keys.");
        Assert.Contains("keys.revoked", audit.ToJsonString());
        Assert.Contains("keys.rotated", audit.ToJsonString());

        // The period outside 7..730 (the browser's own check removed): the API's rule is shown, nothing saved.
        await page.EvaluateAsync("() => document.getElementById('Input_RotationPeriodDays').removeAttribute('min')");
        await page.FillAsync("#Input_RotationPeriodDays", "6");
        await page.ClickAsync("#save-key-settings");
        Assert.Contains("rotation_period_days", await page.InnerTextAsync("#refusal"));
        Assert.Equal("6", await page.InputValueAsync("#Input_RotationPeriodDays"));
        Assert.Equal(90, (await SettingsAsync(tenant))["signing_keys"]!["rotation_period_days"]!.GetValue<int>());

        // ES256 and 30 days: saved, and the tenant's first ES256 key is listed at once beside the RS256 ones.
        await page.SelectOptionAsync("#Input_Algorithm", "ES256");
        await page.FillAsync("#Input_RotationPeriodDays", "30");
        await page.ClickAsync("#save-key-settings");
        Assert.Contains("Saved", await page.InnerTextAsync("#saved"));
        var settings = await SettingsAsync(tenant);
        Assert.Equal("ES256", settings["signing_keys"]!["algorithm"]!.GetValue<string>());
        Assert.Equal(30, settings["signing_keys"]!["rotation_period_days"]!.GetValue<int>());
        Assert.Equal("ES256", await page.InputValueAsync("#Input_Algorithm"));
        var ec = (await KeysAsync(tenant)).Single(k => k["alg"]!.GetValue<string>() == "ES256");
        Assert.Equal("active", await StatusAsync(page, Kid(ec)));
        Assert.DoesNotContain("PRIVATE", await page.ContentAsync());
    }

    [Fact]
    public async Task ApplicationPage_SetsTheIdTokenAlgorithm_Es256OnlyWhereTheTenantHasEs256Keys()
    {
        var tenant = await apps.Api.NewTenantAsync("idalg");
        await apps.Api.CreateClientAsync(tenant, "web", ["authorization_code"], redirectUris: ["https://web.example/cb"]);
        var page = await PlatformAdminAsync();
        await page.GotoAsync(AdminPage($"/t/{tenant}/apps/web/edit").ToString());
        Assert.Equal("RS256", await page.InputValueAsync("#Input_IdTokenSignedResponseAlg"));

        // The tenant has no ES256 keys: the API's refusal is shown beside the field, nothing saved.
        await page.SelectOptionAsync("#Input_IdTokenSignedResponseAlg", "ES256");
        await page.ClickAsync("#save");
        Assert.Contains("signing_keys.algorithm", await page.InnerTextAsync(".field-error"));
        Assert.Equal("RS256", await ClientAlgorithmAsync(tenant));

        var settings = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        settings["signing_keys"]!["algorithm"] = "ES256";
        await apps.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", settings);
        await page.ClickAsync("#save");
        Assert.Contains("saved", await page.InnerTextAsync("#saved"));
        Assert.Equal("ES256", await ClientAlgorithmAsync(tenant));
        await page.GotoAsync(AdminPage($"/t/{tenant}/apps/web/edit").ToString());
        Assert.Equal("ES256", await page.InputValueAsync("#Input_IdTokenSignedResponseAlg"));
    }

    private async Task<string> ClientAlgorithmAsync(string tenant) =>
        (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/web"))["id_token_signed_response_alg"]!.GetValue<string>();

    private async Task<List<JsonNode>> KeysAsync(string tenant) =>
        [.. (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/keys"))["items"]!.AsArray().Select(k => k!)];

    private Task<JsonNode> SettingsAsync(string tenant) => apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");

    private async Task<List<string>> JwksKidsAsync(string tenant)
    {
        using var response = await apps.Api.Http.GetAsync($"/t/{tenant}/.well-known/jwks");
        return [.. (await Api.ReadJsonAsync(response))["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>())];
    }

    private static string Kid(JsonNode key) => key["kid"]!.GetValue<string>();

    private static async Task<string?> StatusAsync(IPage page, string kid) =>
        await page.GetAttributeAsync($"[id='key-{kid}']", "data-status");
}
