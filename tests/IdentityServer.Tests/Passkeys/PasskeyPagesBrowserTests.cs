using IdentityServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace IdentityServer.Tests.Passkeys;

/// <summary>
/// Passkeys in Chromium with a virtual authenticator (issue 16 points 2, 3, 5, 8): enrolled on the security page and
/// in the sign-in flow, asked for on the MFA page after a password or an SMS, removed under U3; a cloned
/// authenticator (its counter going back) refused and audited.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyPagesBrowserTests(PasskeyFixture server) : BrowserTest, IClassFixture<PasskeyFixture>
{
    [Fact]
    public async Task SecurityPage_AddsANamedPasskey_ThePasswordSignInAsksForIt_AndItIsRemovedWithAConfirmation()
    {
        var id = await server.Api.CreateUserAsync("keys", "ada@keys.example", "Ada-Passw0rd!");
        var page = await NewPageAsync();
        await VirtualAuthenticator.AttachAsync(page);
        await SignInToSecurityPageAsync(page, "ada@keys.example", "Ada-Passw0rd!");
        Assert.Equal("None yet.", await page.InnerTextAsync("#passkeys-status"));

        await AddPasskeyAsync(page, "Work laptop");
        Assert.Contains("Passkey \"Work laptop\" added.", await page.InnerTextAsync("p.success"));
        Assert.Equal("Work laptop", await page.InnerTextAsync("#passkeys .passkey-name"));
        Assert.Equal("never", await page.InnerTextAsync("#passkeys .passkey-used"));
        var stored = Assert.Single(await server.PasskeysOfAsync(id));
        Assert.Equal("Work laptop", stored.Name);
        Assert.Single(await server.AuditActionsAsync("passkey.enrolled", id));

        // Signed out (same browser, same authenticator): password, then the passkey as the second step.
        var verifier = BrowserSession.Verifier();
        var second = page;
        await page.Context.ClearCookiesAsync();
        await second.GotoAsync(server.Url(BrowserSession.AuthorizeUrl("keys", "web", server.Redirect, verifier, "openid")));
        await second.FillAsync("input[name='Input.Email']", "ada@keys.example");
        await second.FillAsync("input[name='Input.Password']", "Ada-Passw0rd!");
        await second.ClickAsync("button[type=submit]");
        await second.ArrivedAtAsync(url => url.Contains("/account/mfa?ReturnUrl=", StringComparison.Ordinal));
        await second.ClickAsync("#use-passkey");
        var tokens = await server.RedeemAsync(second, verifier);
        Assert.Equal(["pwd", "hwk", "pin", "mfa"], Jwt.Amr(tokens["id_token"]!.GetValue<string>()));
        Assert.Equal(AcrMultiFactor, Jwt.Payload(tokens["access_token"]!.GetValue<string>())["acr"]!.GetValue<string>());
        Assert.NotNull((await server.PasskeysOfAsync(id)).Single().LastUsedAt);

        // Removal: a post without the ticked box changes nothing; with it, the passkey goes (a password stays).
        await page.GotoAsync(server.Url("/t/keys/account/security"));
        Assert.NotEqual("never", await page.InnerTextAsync("#passkeys .passkey-used"));
        var unticked = await PostFormAsync(page, "/t/keys/account/security?handler=RemovePasskey", new() { ["PasskeyId"] = stored.Id });
        Assert.Contains("Tick the box to confirm", unticked);
        await page.CheckAsync("#passkeys .confirm-remove-passkey");
        await page.ClickAsync("#passkeys .remove-passkey");
        Assert.Contains("Passkey \"Work laptop\" removed.", await page.InnerTextAsync("p.success"));
        Assert.Empty(await server.PasskeysOfAsync(id));
        Assert.Single(await server.AuditActionsAsync("passkey.removed", id));
        var user = await server.DbAsync(db => db.Users.SingleAsync(u => u.Id == id));
        Assert.Equal(0, user.PasskeyCount);
    }

    [Fact]
    public async Task SmsSignUp_EnrollsAPasskeyInTheFlow_ThenSmsIsFollowedByIt_AndItCannotBeRemoved_ItIsTheLastSecondStep()
    {
        var page = await NewPageAsync();
        await VirtualAuthenticator.AttachAsync(page);
        var verifier = BrowserSession.Verifier();
        await SmsFirstAsync(page, verifier, "+1 415 555 7101");
        await page.ArrivedAtAsync("**/account/mfa/enroll**");
        // Beside TOTP, as the tenant allows both.
        Assert.Equal(1, await page.Locator("#secret").CountAsync());
        await page.ClickAsync("#create-passkey");
        await page.WaitForSelectorAsync("#recovery-codes");
        await page.ClickAsync("#continue");
        var tokens = await server.RedeemAsync(page, verifier);
        Assert.Equal(["sms", "hwk", "pin", "mfa"], Jwt.Amr(tokens["id_token"]!.GetValue<string>()));
        var id = Jwt.Payload(tokens["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();
        Assert.Single(await server.PasskeysOfAsync(id));

        // The next SMS sign-in asks for the passkey.
        server.PassCooldown();
        verifier = BrowserSession.Verifier();
        await page.Context.ClearCookiesAsync();
        await SmsFirstAsync(page, verifier, "+1 415 555 7101");
        await page.ArrivedAtAsync(url => url.Contains("/account/mfa?ReturnUrl=", StringComparison.Ordinal));
        await page.ClickAsync("#use-passkey");
        tokens = await server.RedeemAsync(page, verifier);
        Assert.Equal(["sms", "hwk", "pin", "mfa"], Jwt.Amr(tokens["id_token"]!.GetValue<string>()));

        // U3: without this passkey SMS would be the only way in, and it is the last second step: it stays.
        await page.GotoAsync(server.Url("/t/keys/account/security"));
        Assert.Equal(0, await page.Locator("#passkeys .remove-passkey").CountAsync());
        Assert.Contains("Set up another one first", await page.InnerTextAsync("#passkeys .remove-passkey-refused"));
        var forged = await PostFormAsync(page, "/t/keys/account/security?handler=RemovePasskey",
            new() { ["PasskeyId"] = (await server.PasskeysOfAsync(id)).Single().Id, ["Confirm"] = "true" });
        Assert.Contains("Set up another one first", forged);
        Assert.Single(await server.PasskeysOfAsync(id));
    }

    [Fact]
    public async Task AClonedAuthenticator_ItsCounterGoingBack_IsRefusedAndAudited()
    {
        var id = await server.Api.CreateUserAsync("keys", "cloe@keys.example", "Cloe-Passw0rd!");
        var page = await NewPageAsync();
        await VirtualAuthenticator.AttachAsync(page);
        await SignInToSecurityPageAsync(page, "cloe@keys.example", "Cloe-Passw0rd!");
        await AddPasskeyAsync(page, "Key");
        // The real key was used elsewhere meanwhile (the server saw counter 1000): this authenticator's lower count is a clone's.
        await server.DbAsync(db => db.Passkeys.Where(p => p.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.SignCount, 1000)));

        var second = page;
        await page.Context.ClearCookiesAsync();
        await second.GotoAsync(server.Url(BrowserSession.AuthorizeUrl("keys", "web", server.Redirect, BrowserSession.Verifier(), "openid")));
        await second.FillAsync("input[name='Input.Email']", "cloe@keys.example");
        await second.FillAsync("input[name='Input.Password']", "Cloe-Passw0rd!");
        await second.ClickAsync("button[type=submit]");
        await second.ArrivedAtAsync(url => url.Contains("/account/mfa?ReturnUrl=", StringComparison.Ordinal));
        await second.ClickAsync("#use-passkey");
        await second.WaitForSelectorAsync("p.error:not([hidden])");
        Assert.Contains("That passkey did not work", await second.InnerTextAsync("p.error:not([hidden])"));
        Assert.Single(await server.AuditActionsAsync("passkey.clone_suspected", id));
        Assert.Equal(1000, (await server.PasskeysOfAsync(id)).Single().SignCount);
    }

    private const string AcrMultiFactor = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    private async Task SignInToSecurityPageAsync(IPage page, string email, string password)
    {
        await page.GotoAsync(server.Url("/t/keys/account/security"));
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#start-passkey");
    }

    private static async Task AddPasskeyAsync(IPage page, string name)
    {
        await page.ClickAsync("#start-passkey");
        await page.FillAsync("input[name=PasskeyName]", name);
        await page.ClickAsync("#create-passkey");
        await page.WaitForSelectorAsync("#passkeys");
    }

    private async Task SmsFirstAsync(IPage page, string verifier, string phone)
    {
        await page.GotoAsync(server.Url(BrowserSession.AuthorizeUrl("keys", "web", server.Redirect, verifier, "openid phone")));
        await page.ClickAsync("#sms-sign-in");
        await page.FillAsync("input[name=PhoneNumber]", phone);
        await page.ClickAsync("button[type=submit]");
        await page.ArrivedAtAsync("**/account/sms/code**");
        var e164 = "+" + new string(phone.Where(char.IsAsciiDigit).ToArray());
        await page.FillAsync("input[name=Code]", SmsOutbox.LastCode(server.Factory, e164));
        await page.ClickAsync("form[action*=Verify] button[type=submit]");
    }

    // A form post made by hand with the page's cookies and antiforgery token (what a forged or replayed post would send).
    private async Task<string> PostFormAsync(IPage page, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value") ?? "";
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (key, value) in fields)
        {
            form.Set(key, value);
        }
        var response = await page.Context.APIRequest.PostAsync(server.Url(path), new() { Form = form });
        Assert.Equal(200, response.Status);
        return await response.TextAsync();
    }
}
