using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Pages;

/// <summary>The account security page in Chromium: U1 (no phone before a non-SMS factor), TOTP set-up, phone verification, U3.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityPageBrowserTests(SmsBrowserFixture server) : BrowserTest, IClassFixture<SmsBrowserFixture>
{
    [Fact]
    public async Task User_AddsTotpThenAPhone_InThatOrder_AndLosesSmsSignInWhenTheAuthenticatorGoes()
    {
        await server.Api.CreateUserAsync("strict", "kim@strict.example", "Kim-Passw0rd!");
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/strict/account/security").ToString());
        await page.FillAsync("input[name='Input.Email']", "kim@strict.example");
        await page.FillAsync("input[name='Input.Password']", "Kim-Passw0rd!");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#add-phone");

        // U1: a phone first is refused with a clear message.
        await page.FillAsync("input[name=PhoneNumber]", "+1 415 555 6201");
        await page.ClickAsync("#add-phone");
        Assert.Contains("authenticator app first", await page.InnerTextAsync("p.error"));
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155556201"));

        await page.ClickAsync("#start-totp");
        var secret = await page.InnerTextAsync("#secret");
        await page.FillAsync("input[name=Code]", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        await page.ClickAsync("form[action*=ConfirmTotp] button");
        await page.WaitForSelectorAsync("#recovery-codes");
        Assert.Equal(10, await page.Locator("#recovery-codes li").CountAsync());

        await page.FillAsync("input[name=PhoneNumber]", "+1 415 555 6201");
        await page.ClickAsync("#add-phone");
        await page.FillAsync("input[name=Code]", SmsOutbox.LastCode(server.Factory, "+14155556201"));
        await page.ClickAsync("form[action*=VerifyPhone] button");
        Assert.Contains("+14155556201 (verified)", await page.InnerTextAsync("#phone-status"));

        // SMS sign-in now works, followed by the authenticator.
        server.PassCooldown();
        var otp = await server.StartOkAsync("strict", "+14155556201");
        var grant = await Api.ReadJsonAsync(await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, "+14155556201")));
        Assert.Equal("mfa_required", grant["error"]!.GetValue<string>());

        // Removing a factor is never one click: a post without the ticked box changes nothing.
        var forged = await PostFormAsync(page, "/t/strict/account/security?handler=RemoveTotp", new() { ["Confirm"] = "false" });
        Assert.Contains("Tick the box to confirm", forged);
        await page.ReloadAsync();
        Assert.Equal("On.", await page.InnerTextAsync("#totp-status"));

        // U3: without the authenticator, SMS sign-in stops (no SMS is sent). This user has a password, so it may go.
        await page.CheckAsync("#confirm-remove-totp");
        await page.ClickAsync("#remove-totp");
        Assert.Contains("Sign-in by SMS is off", await page.InnerTextAsync("p.success"));
        server.PassCooldown();
        var sent = SmsOutbox.To(server.Factory, "+14155556201").Count;
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("strict", "+14155556201")).StatusCode);
        Assert.Equal(sent, SmsOutbox.To(server.Factory, "+14155556201").Count);
    }

    [Fact]
    public async Task APhoneOnlyUser_CannotRemoveTheirLastSecondFactor_NorTheirPhone_AndIsToldWhy()
    {
        // SMS sign-up on the hosted pages: the phone is this user's only first factor; TOTP is enrolled in the flow.
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/strict/account/security").ToString());
        await page.ClickAsync("#sms-sign-in");
        await page.FillAsync("input[name=PhoneNumber]", "+1 415 555 6202");
        await page.ClickAsync("button[type=submit]");
        await page.ArrivedAtAsync("**/account/sms/code**");
        await page.FillAsync("input[name=Code]", SmsOutbox.LastCode(server.Factory, "+14155556202"));
        await page.ClickAsync("form[action*=Verify] button[type=submit]");
        await page.ArrivedAtAsync("**/account/mfa/enroll**");
        var secret = await page.InnerTextAsync("#secret");
        await page.FillAsync("input[name=Code]", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("#continue");
        await page.ArrivedAtAsync("**/account/security");

        // U3: no remove button, an explanation instead; the phone stays too (the last way in).
        Assert.Equal("On.", await page.InnerTextAsync("#totp-status"));
        Assert.Equal(0, await page.Locator("#remove-totp").CountAsync());
        Assert.Contains("Set up another one first", await page.InnerTextAsync("#remove-totp-refused"));
        Assert.Equal(0, await page.Locator("#remove-phone").CountAsync());
        Assert.Contains("Add a password first", await page.InnerTextAsync("#remove-phone-refused"));

        // A confirmed post made by hand is refused by the same rule, with the same explanation.
        var forged = await PostFormAsync(page, "/t/strict/account/security?handler=RemoveTotp", new() { ["Confirm"] = "true" });
        Assert.Contains("Set up another one first", forged);
        forged = await PostFormAsync(page, "/t/strict/account/security?handler=RemovePhone", new() { ["Confirm"] = "true" });
        Assert.Contains("Add a password first", forged);
        await page.ReloadAsync();
        Assert.Equal("On.", await page.InnerTextAsync("#totp-status"));
        Assert.Contains("+14155556202 (verified)", await page.InnerTextAsync("#phone-status"));

        // Still signs in by SMS, followed by the authenticator.
        server.PassCooldown();
        var otp = await server.StartOkAsync("strict", "+14155556202");
        var grant = await Api.ReadJsonAsync(await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, "+14155556202")));
        Assert.Equal("mfa_required", grant["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task AConfirmedAuthenticator_IsNotReplacedByAHandMadeSetUp_ItMustBeRemovedFirst()
    {
        var id = await server.Api.CreateUserAsync("strict", "lee@strict.example", "Lee-Passw0rd!");
        var page = await SignInWithAuthenticatorAsync("lee@strict.example", "Lee-Passw0rd!");
        // The set-up's pending secret as the browser holds it (TempData), to replay a confirmation by hand later.
        var pending = (await page.Context.CookiesAsync()).Where(c => c.Name.Contains("TempData", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(pending);
        var secret = await page.InnerTextAsync("#secret");
        await page.FillAsync("input[name=Code]", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        await page.ClickAsync("form[action*=ConfirmTotp] button");
        await page.WaitForSelectorAsync("#recovery-codes");
        var stored = await StoredTotpAsync(id);
        Assert.NotNull(stored.Secret);

        // A hand-made start of a new set-up is refused: no new secret is shown.
        var started = await PostFormAsync(page, "/t/strict/account/security?handler=StartTotp", new());
        Assert.Contains("Remove it first", started);
        Assert.DoesNotContain("id=\"secret\"", started);
        // A replayed confirmation (the old set-up's cookie and a good code) replaces nothing, recovery codes included.
        await page.Context.AddCookiesAsync(pending.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = c.SameSite,
        }));
        var confirmed = await PostFormAsync(page, "/t/strict/account/security?handler=ConfirmTotp",
            new() { ["Code"] = TotpCodes.At(secret, server.Clock.GetUtcNow()) });
        Assert.Contains("Remove it first", confirmed);
        Assert.DoesNotContain("recovery-codes", confirmed);
        Assert.Equal(stored, await StoredTotpAsync(id));
        var enrolled = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/strict/audit?action=factor.totp_enrolled&page_size=200");
        Assert.Single(enrolled["items"]!.AsArray(), e => e!["target"]?.GetValue<string>() == "user:" + id);
    }

    [Fact]
    public async Task TwentyParallelRemovalsOfThePhone_RemoveItOnce_AndEveryOtherPostIsToldWhy_NoServerError()
    {
        var id = await server.Api.CreateUserAsync("strict", "max@strict.example", "Max-Passw0rd!");
        var page = await SignInWithAuthenticatorAsync("max@strict.example", "Max-Passw0rd!");
        await page.FillAsync("input[name=Code]", TotpCodes.At(await page.InnerTextAsync("#secret"), server.Clock.GetUtcNow()));
        await page.ClickAsync("form[action*=ConfirmTotp] button");
        await page.WaitForSelectorAsync("#recovery-codes");
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/strict/users/{id}/phone", new { phone_number = "+14155556203", verify = false });
        await page.ReloadAsync();
        Assert.Contains("+14155556203 (verified)", await page.InnerTextAsync("#phone-status"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            PostFormAsync(page, "/t/strict/account/security?handler=RemovePhone", new() { ["Confirm"] = "true" })));

        // Every answer is the page (PostFormAsync asserts 200); one removal, the others say it is gone or was not saved.
        Assert.Single(answers, a => a.Contains("Phone removed."));
        Assert.All(answers.Where(a => !a.Contains("Phone removed.")), a => Assert.True(
            a.Contains("There is nothing to remove") || a.Contains("this change was not saved"), a));
        var removed = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/strict/audit?action=phone.removed&page_size=200");
        Assert.Single(removed["items"]!.AsArray(), e => e!["target"]?.GetValue<string>() == "user:" + id);
        Assert.Null((await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/strict/users/{id}"))["phone_number"]);
    }

    /// <summary>Signs in on the security page and starts the authenticator set-up (the secret is shown).</summary>
    private async Task<Microsoft.Playwright.IPage> SignInWithAuthenticatorAsync(string email, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/strict/account/security").ToString());
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#start-totp");
        await page.ClickAsync("#start-totp");
        await page.WaitForSelectorAsync("#secret");
        return page;
    }

    private async Task<(string? Secret, string? RecoveryCodes)> StoredTotpAsync(string id) => (
        await Management.FixtureDatabase.ScalarAsync(server, "SELECT TotpSecretProtected FROM AspNetUsers WHERE Id = $id", ("$id", id)) as string,
        await Management.FixtureDatabase.ScalarAsync(server, "SELECT RecoveryCodeHashes FROM AspNetUsers WHERE Id = $id", ("$id", id)) as string);

    /// <summary>Posts a form with the browser's cookies and the page's antiforgery token, as a hand-made request would; the answer's HTML.</summary>
    private async Task<string> PostFormAsync(Microsoft.Playwright.IPage page, string path, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value") ?? "";
        var response = await page.Context.APIRequest.PostAsync(new Uri(server.BaseAddress, path).ToString(),
            new() { Form = FormOf(page, form) });
        Assert.Equal(200, response.Status);
        return await response.TextAsync();
    }

    private static Microsoft.Playwright.IFormData FormOf(Microsoft.Playwright.IPage page, Dictionary<string, string> values)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (key, value) in values)
        {
            form.Set(key, value);
        }
        return form;
    }
}

[Collection(BrowserCollection.Name)]
public sealed class EmailFactorBrowserTests(SmsBrowserFixture server) : BrowserTest, IClassFixture<SmsBrowserFixture>
{
    [Fact]
    public async Task User_TurnsOnCodesByEmail_ThenThePasswordSignInAsksForAnEmailedCode()
    {
        await server.Api.CreateUserAsync("quick", "lea@quick.example", "Lea-Passw0rd!");
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/quick/account/security").ToString());
        await page.FillAsync("input[name='Input.Email']", "lea@quick.example");
        await page.FillAsync("input[name='Input.Password']", "Lea-Passw0rd!");
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("#toggle-email");
        Assert.StartsWith("On", await page.InnerTextAsync("#email-status"));

        var second = await NewPageAsync();
        await second.GotoAsync(new Uri(server.BaseAddress, "/t/quick/account/login").ToString());
        await second.FillAsync("input[name='Input.Email']", "lea@quick.example");
        await second.FillAsync("input[name='Input.Password']", "Lea-Passw0rd!");
        await second.ClickAsync("button[type=submit]");
        await second.ClickAsync("#send-email");
        Assert.Contains("emailed you a code", await second.InnerTextAsync("p.success"));
        await second.FillAsync("input[name=Code]", MailOutbox.SingleCode(server.Factory, "lea@quick.example"));
        await second.ClickAsync("form[action*=Verify] button[type=submit]");
        await second.ArrivedAtAsync(url => url.EndsWith("/account/signed-in", StringComparison.Ordinal));
        Assert.Contains("You are signed in", await second.InnerTextAsync("h1"));
    }
}

[Collection(BrowserCollection.Name)]
public sealed class SmsSecondFactorBrowserTests(SmsBrowserFixture server) : BrowserTest, IClassFixture<SmsBrowserFixture>
{
    [Fact]
    public async Task PasswordFirst_ThenACodeTextedToTheVerifiedPhone_WhereTheTenantAllowsSmsAsAFactor()
    {
        await server.Api.CreateTenantAsync("smsmfa");
        var settings = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/smsmfa/settings");
        settings["mfa"]!["factors"] = new System.Text.Json.Nodes.JsonArray("totp", "recovery_code", "email", "sms");
        // SMS sign-in is off here; U1 would otherwise keep the admin from giving ravi a phone before a non-SMS factor.
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        await server.Api.CallOkAsync(HttpMethod.Put, "/tenants/smsmfa/settings", settings.ToJsonString());
        await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/smsmfa/users", new
        {
            email = "ravi@smsmfa.example",
            password = "Ravi-Passw0rd!",
            email_verified = true,
            phone_number = "+14155556301",
            phone_number_verified = true,
        });

        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/smsmfa/account/login").ToString());
        await page.FillAsync("input[name='Input.Email']", "ravi@smsmfa.example");
        await page.FillAsync("input[name='Input.Password']", "Ravi-Passw0rd!");
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("#send-sms");
        Assert.Contains("texted you a code", await page.InnerTextAsync("p.success"));
        await page.FillAsync("input[name=Code]", SmsOutbox.LastCode(server.Factory, "+14155556301"));
        await page.ClickAsync("form[action*=Verify] button[type=submit]");
        await page.ArrivedAtAsync(url => url.EndsWith("/account/signed-in", StringComparison.Ordinal));
    }
}
