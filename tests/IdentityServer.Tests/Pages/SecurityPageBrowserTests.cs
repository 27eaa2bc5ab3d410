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

        // U3: without the authenticator, SMS sign-in stops (no SMS is sent).
        await page.ClickAsync("#remove-totp");
        Assert.Contains("Sign-in by SMS is off", await page.InnerTextAsync("p.success"));
        server.PassCooldown();
        var sent = SmsOutbox.To(server.Factory, "+14155556201").Count;
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("strict", "+14155556201")).StatusCode);
        Assert.Equal(sent, SmsOutbox.To(server.Factory, "+14155556201").Count);
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
        await second.WaitForURLAsync(url => url.EndsWith("/account/signed-in", StringComparison.Ordinal));
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
            email = "ravi@smsmfa.example", password = "Ravi-Passw0rd!", email_verified = true,
            phone_number = "+14155556301", phone_number_verified = true,
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
        await page.WaitForURLAsync(url => url.EndsWith("/account/signed-in", StringComparison.Ordinal));
    }
}
