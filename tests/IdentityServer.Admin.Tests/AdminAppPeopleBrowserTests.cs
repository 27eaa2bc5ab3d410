using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>
/// Issue 15 points 1-3 in Chromium: users (phone-only rows, edit, roles, password-reset email, phone removal,
/// delete), every field of an app and its secret rotation, and the settings page with its refusals.
/// </summary>
public sealed class AdminAppPeopleBrowserTests(AdminAppFixture apps) : BrowserTest, IClassFixture<AdminAppFixture>
{
    private const string Acme = AdminAppFixture.Acme;

    private Uri AdminPage(string path) => new(apps.Admin.BaseAddress, path);

    private async Task<IPage> SignedInAsync(string path)
    {
        var page = await NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await AdminBrowser.SignInAsync(page, AdminPage(path), AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        return page;
    }

    private Task<JsonNode> UserAsync(string id) => apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users/{id}");

    private async Task PatchSettingsAsync(string patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tenants/{Acme}/settings")
        {
            Content = new StringContent(patch, System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await apps.Api.PlatformTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await apps.Api.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Users_PhoneOnlyUser_Edit_Roles_PasswordReset_RemovePhone_Delete()
    {
        var page = await SignedInAsync($"/t/{Acme}/users/new");

        // A phone and no email: refused by U1 while SMS needs a second factor (explained), added once it does not.
        await page.FillAsync("#Input_PhoneNumber", "+14155558001");
        await page.ClickAsync("#create");
        Assert.Contains("needs a second factor first", await page.InnerTextAsync("#second-factor-required"));
        Assert.Equal("+14155558001", await page.InputValueAsync("#Input_PhoneNumber"));
        await PatchSettingsAsync("""{"sign_in": {"sms": {"enabled": true, "require_second_factor": false}}}""");
        await page.ClickAsync("#create");
        Assert.Contains("was added", await page.InnerTextAsync("#saved"));

        // Its row has a link text (the phone), and the list finds it by any part of it.
        await page.GotoAsync(AdminPage($"/t/{Acme}/users?q=8001").ToString());
        Assert.Equal("+14155558001", (await page.InnerTextAsync("a[aria-label='Manage +14155558001']")).Trim());
        Assert.Equal(1, await page.Locator("tbody tr").CountAsync());
        await page.ClickAsync("a[aria-label='Manage +14155558001']");
        var id = page.Url.Split('/')[^1];

        // Name and email.
        await page.FillAsync("#Profile_GivenName", "Pia");
        await page.FillAsync("#Profile_FamilyName", "Phone");
        await page.FillAsync("#Profile_Email", "not an email");
        // Past the browser's own check (type=email), to the server's.
        await page.EvalOnSelectorAsync("#profile", "form => form.noValidate = true");
        await page.ClickAsync("#save-profile");
        Assert.Contains("not a valid address", await page.InnerTextAsync("#profile .field-error"));
        Assert.Equal("not an email", await page.InputValueAsync("#Profile_Email"));
        Assert.Null((await UserAsync(id))["email"]);
        await page.FillAsync("#Profile_Email", "pia@acme.test");
        await page.ClickAsync("#save-profile");
        Assert.Contains("profile was saved", await page.InnerTextAsync("#saved"));
        Assert.Equal("User Pia Phone", (await page.InnerTextAsync("h1")).Trim());
        var user = await UserAsync(id);
        Assert.Equal("pia@acme.test", user["email"]!.GetValue<string>());
        Assert.Equal("Phone", user["family_name"]!.GetValue<string>());

        // The admin role, given and taken; the state line says what the box does.
        await page.CheckAsync("#is-admin");
        Assert.StartsWith("Checked:", await page.InnerTextAsync("#admin-state"));
        await page.ClickAsync("#save-roles");
        Assert.Contains("now an administrator", await page.InnerTextAsync("#saved"));
        Assert.Equal(["tenant_admin"], (await UserAsync(id))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        await page.UncheckAsync("#is-admin");
        Assert.StartsWith("Unchecked:", await page.InnerTextAsync("#admin-state"));
        await page.ClickAsync("#save-roles");
        Assert.Empty((await UserAsync(id))["roles"]!.AsArray());

        // A password-reset link by email.
        await page.ClickAsync("#send-password-reset");
        Assert.Contains("p***@acme.test", await page.InnerTextAsync("#saved"));
        Assert.Contains("/account/reset-password?user=", Assert.Single(MailOutbox.To(apps.Server, "pia@acme.test")).TextBody);

        // U3: the phone is this user's only way in (no password): refused and explained; with a password it goes.
        await page.ClickAsync("#remove-phone");
        Assert.Contains("only way to sign in", await page.InnerTextAsync("#refusal"));
        Assert.NotNull((await UserAsync(id))["phone_number"]);
        await apps.Api.CallOkAsync(HttpMethod.Patch, $"/tenants/{Acme}/users/{id}", new { password = AdminAppFixture.Password });
        await page.ClickAsync("#remove-phone");
        Assert.Contains("phone number was removed", await page.InnerTextAsync("#saved"));
        Assert.Null((await UserAsync(id))["phone_number"]);

        // Delete: refused without the ticked box, done with it (and the browser's confirmation).
        await page.EvalOnSelectorAsync("#confirm-delete", "box => box.removeAttribute('required')");
        await page.ClickAsync("#delete-user");
        Assert.Contains("Tick the box", await page.InnerTextAsync("#refusal"));
        await page.CheckAsync("#confirm-delete");
        await page.ClickAsync("#delete-user");
        await page.ArrivedAtAsync(url => url.EndsWith("/users", StringComparison.Ordinal));
        Assert.Contains("Pia Phone was deleted", await page.InnerTextAsync("#saved"));
        Assert.Equal(HttpStatusCode.NotFound, (await apps.Api.CallAsync(HttpMethod.Get, $"/tenants/{Acme}/users/{id}")).StatusCode);
    }

    [Fact]
    public async Task Users_AnAdminCannotTakeTheirOwnAdminRole_AndIsToldWhy()
    {
        var me = (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users?q={AdminAppFixture.AcmeAdmin}"))["items"]![0]!["id"]!.GetValue<string>();
        var page = await SignedInAsync($"/t/{Acme}/users/{me}");
        await page.UncheckAsync("#is-admin");
        await page.ClickAsync("#save-roles");
        Assert.Contains("cannot remove your own tenant_admin role", await page.InnerTextAsync("#refusal"));
        Assert.True(await page.IsCheckedAsync("#is-admin"));
        Assert.Contains("tenant_admin", (await UserAsync(me))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Apps_EveryFieldIsEditable_AndASecretRotationShowsTheNewSecretOnce()
    {
        var old = (await apps.Api.CreateClientAsync(Acme, "ledger", ["client_credentials"], ["ledger.read"]))!;
        var page = await SignedInAsync($"/t/{Acme}/apps");
        Assert.Contains("Service account (client credentials)", await page.InnerTextAsync("table"));
        await page.ClickAsync("#edit-ledger");

        await page.FillAsync("#Input_DisplayName", "Ledger service");
        await page.FillAsync("#Input_Scopes", "ledger.read ledger.write openid");
        await page.CheckAsync("#grant-authorization_code");
        await page.FillAsync("#Input_RedirectUris", "https://ledger.acme.test/cb");
        await page.FillAsync("#Input_PostLogoutRedirectUris", "https://ledger.acme.test/");
        await page.CheckAsync("#Input_ExplicitConsent");
        Assert.StartsWith("Checked:", await page.InnerTextAsync("#consent-state"));
        await page.CheckAsync("#Input_AccessTokenClaims");
        await page.ClickAsync("#save");
        Assert.Contains("was saved", await page.InnerTextAsync("#saved"));
        var saved = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/clients/ledger");
        Assert.Equal("Ledger service", saved["display_name"]!.GetValue<string>());
        Assert.Equal(["ledger.read", "ledger.write", "openid"], saved["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        Assert.Equal("explicit", saved["consent"]!.GetValue<string>());
        Assert.True(saved["access_token_claims"]!.GetValue<bool>());
        Assert.Equal("https://ledger.acme.test/", saved["post_logout_redirect_uris"]![0]!.GetValue<string>());
        Assert.Contains("authorization_code", saved["grant_types"]!.AsArray().Select(g => g!.GetValue<string>()));

        // A new secret with a 1-hour grace: both work; shown once.
        await page.SelectOptionAsync("#grace-period", "3600");
        await page.ClickAsync("#rotate-secret");
        var fresh = (await page.InnerTextAsync("#new-client-secret")).Trim();
        Assert.Contains("old secret keeps working until", await page.InnerTextAsync("main"));
        await AdminBrowser.ScreenshotAsync(page, "app-secret-rotated");
        Assert.Equal(HttpStatusCode.OK, (await apps.Api.ClientCredentialsResponseAsync(Acme, "ledger", fresh, "ledger.read")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await apps.Api.ClientCredentialsResponseAsync(Acme, "ledger", old, "ledger.read")).StatusCode);
        await page.GotoAsync(AdminPage($"/t/{Acme}/apps/ledger/edit").ToString());
        Assert.DoesNotContain(fresh, await page.ContentAsync());

        // Another one with no grace: the one just replaced stops at once.
        await page.SelectOptionAsync("#grace-period", "0");
        await page.ClickAsync("#rotate-secret");
        var newest = (await page.InnerTextAsync("#new-client-secret")).Trim();
        Assert.Contains("old secret no longer works", await page.InnerTextAsync("main"));
        await Api.AssertOAuthErrorAsync(await apps.Api.ClientCredentialsResponseAsync(Acme, "ledger", fresh, "ledger.read"), "invalid_client");
        Assert.Equal(HttpStatusCode.OK, (await apps.Api.ClientCredentialsResponseAsync(Acme, "ledger", newest, "ledger.read")).StatusCode);
    }

    [Fact]
    public async Task Settings_EveryKeyHasAPlace_AndARefusalShowsTheRuleNextToItsField()
    {
        var page = await SignedInAsync($"/t/{Acme}/settings");
        await page.FillAsync("#Input_DisplayName", "Acme Corporation");
        await page.FillAsync("#Input_DefaultRegion", "gb");
        await page.ClickAsync("#save");
        Assert.Contains("Settings saved", await page.InnerTextAsync("#saved"));
        var settings = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings");
        Assert.Equal("Acme Corporation", settings["display_name"]!.GetValue<string>());
        Assert.Equal("GB", settings["default_region"]!.GetValue<string>());

        // Self-service registration (issue 15.5): its switch is there, says what it does, and saves.
        Assert.Contains("create an account", await page.InnerTextAsync("#settings"));
        Assert.False(await page.IsCheckedAsync("#Input_RegistrationEnabled"));
        await page.CheckAsync("#Input_RegistrationEnabled");
        await page.ClickAsync("#save");
        Assert.Contains("Settings saved", await page.InnerTextAsync("#saved"));
        Assert.True((await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings"))["sign_in"]!["registration"]!["enabled"]!.GetValue<bool>());
        await page.UncheckAsync("#Input_RegistrationEnabled");
        await page.ClickAsync("#save");
        Assert.False((await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings"))["sign_in"]!["registration"]!["enabled"]!.GetValue<bool>());

        // P5 next to the region; P3 next to the password switch; nothing changed.
        await page.FillAsync("#Input_DefaultRegion", "ZZ");
        await page.ClickAsync("#save");
        Assert.Contains("P5", await page.InnerTextAsync("#Input_DefaultRegion ~ .field-error"));
        Assert.Equal("ZZ", await page.InputValueAsync("#Input_DefaultRegion"));
        await page.FillAsync("#Input_DefaultRegion", "GB");
        await page.UncheckAsync("#Input_PasswordEnabled");
        Assert.StartsWith("Unchecked:", await page.InnerTextAsync("#password-state"));
        await page.ClickAsync("#save");
        Assert.Contains("P3", await page.InnerTextAsync("#settings fieldset:nth-of-type(2) .field-error"));
        Assert.True((await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings"))["sign_in"]!["password"]!["enabled"]!.GetValue<bool>());

        // Quick sign-in: the codes-per-phone limit, and a toggle that says what it does either way.
        await page.GotoAsync(AdminPage($"/t/{Acme}/quick-sign-in").ToString());
        Assert.StartsWith("Unchecked: SMS sign-in is off", await page.InnerTextAsync("#enabled-state"));
        await page.CheckAsync("#Input_Enabled");
        Assert.StartsWith("Checked: SMS sign-in is on", await page.InnerTextAsync("#enabled-state"));
        await page.FillAsync("#Input_MaxSendsPerPhonePerHour", "25");
        // Past the browser's own check (max=20), to the server's.
        await page.EvalOnSelectorAsync("#quick-sign-in", "form => form.noValidate = true");
        await page.ClickAsync("#save");
        Assert.Contains("between 1 and 20", await page.InnerTextAsync("#Input_MaxSendsPerPhonePerHour ~ .field-error"));
        await page.FillAsync("#Input_MaxSendsPerPhonePerHour", "7");
        await page.ClickAsync("#save");
        Assert.Contains("saved", await page.InnerTextAsync("#saved"));
        Assert.StartsWith("Checked: SMS sign-in is on", await page.InnerTextAsync("#enabled-state"));
        Assert.Equal(7, (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings"))["sign_in"]!["sms"]!["max_sends_per_phone_per_hour"]!.GetValue<int>());
    }
}
