using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace IdentityServer.Tests.Pages;

/// <summary>The SMS fixture's tenants served by Kestrel on 127.0.0.1, for a real browser.</summary>
public sealed class SmsBrowserFixture : SmsFixture
{
    public Uri BaseAddress { get; private set; } = null!;
    public string WebSecret { get; private set; } = "";
    public string Redirect => new Uri(BaseAddress, "/health/live").ToString();

    public override async Task InitializeAsync()
    {
        BaseAddress = Factory.ListenOnLoopback();
        await base.InitializeAsync();
        // The redirect URI is a real page of the server, so the browser lands somewhere that answers.
        WebSecret = (await Api.CreateClientAsync("quick", "web", ["authorization_code"], redirectUris: [Redirect]))!;
        StrictWebSecret = (await Api.CreateClientAsync("strict", "web", ["authorization_code"], redirectUris: [Redirect]))!;
        // A tenant where every password user must have a second factor.
        await Api.CreateTenantAsync("mfareq");
        var settings = await Api.CallOkAsync(HttpMethod.Get, "/tenants/mfareq/settings");
        settings["mfa"]!["enforcement"] = "required";
        await Api.CallOkAsync(HttpMethod.Put, "/tenants/mfareq/settings", settings.ToJsonString());
        RequiredWebSecret = (await Api.CreateClientAsync("mfareq", "web", ["authorization_code"], redirectUris: [Redirect]))!;
        await Api.CreateUserAsync("mfareq", "mallory@mfareq.example", "Mfa-Passw0rd!");
    }

    public string StrictWebSecret { get; private set; } = "";
    public string RequiredWebSecret { get; private set; } = "";

    /// <summary>Waits for the page to land on <see cref="Redirect"/> and redeems the code there for the tenant's "web" client.</summary>
    public async Task<JsonNode> RedeemAsync(IPage page, string tenant, string secret, string verifier)
    {
        await page.ArrivedAtAsync(url => url.StartsWith(Redirect, StringComparison.Ordinal));
        var code = QueryHelpers.ParseQuery(new Uri(page.Url).Query)["code"].ToString();
        return await NewBrowser().RedeemAsync(tenant, "web", secret, Redirect, code, verifier);
    }
}

[Collection(BrowserCollection.Name)]
public sealed class SmsPagesBrowserTests(SmsBrowserFixture server) : BrowserTest, IClassFixture<SmsBrowserFixture>
{
    [Fact]
    public async Task SmsSignIn_InTheBrowser_CompletesTheAuthorizationCodeFlow()
    {
        var page = await NewPageAsync();
        var verifier = BrowserSession.Verifier();
        await page.GotoAsync(new Uri(server.BaseAddress, BrowserSession.AuthorizeUrl("quick", "web", server.Redirect, verifier, "openid phone")).ToString());

        // The sign-in page offers SMS because the tenant has it on.
        await page.ClickAsync("#sms-sign-in");
        await page.FillAsync("input[name=PhoneNumber]", "+1 415 555 6001");
        await page.ClickAsync("button[type=submit]");

        // The code page: resend waits for the cooldown; the code comes from the SMS.
        await page.WaitForURLAsync("**/account/sms/code**", new() { WaitUntil = WaitUntilState.Commit });
        Assert.True(await page.IsDisabledAsync("#resend"));
        Assert.Contains("Resend code in", await page.InnerTextAsync("#resend"));
        Assert.Equal("one-time-code", await page.GetAttributeAsync("input[name=Code]", "autocomplete"));
        await page.FillAsync("input[name=Code]", SmsOutbox.LastCode(server.Factory, "+14155556001"));
        await page.ClickAsync("form[action*=Verify] button[type=submit]");

        var tokens = await server.RedeemAsync(page, "quick", server.WebSecret, verifier);
        var payload = Jwt.Payload(tokens["id_token"]!.GetValue<string>());
        Assert.Equal("+14155556001", payload["phone_number"]!.GetValue<string>());
        Assert.Equal("sms", payload["amr"]!.AsArray().Single()!.GetValue<string>());
    }

    [Fact]
    public async Task WrongCode_StaysOnThePage_AndUseAnotherMethod_GoesBackToThePasswordPage()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/quick/account/sms").ToString());
        await page.FillAsync("input[name=PhoneNumber]", "+1 415 555 6002");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/account/sms/code**", new() { WaitUntil = WaitUntilState.Commit });
        var code = SmsOutbox.LastCode(server.Factory, "+14155556002");
        await page.FillAsync("input[name=Code]", code == "000000" ? "111111" : "000000");
        await page.ClickAsync("form[action*=Verify] button[type=submit]");
        Assert.Contains("The code is invalid or has expired.", await page.InnerTextAsync("p.error"));

        await page.ClickAsync("text=Use another method");
        await page.ArrivedAtAsync("**/account/login**");
        Assert.True(await page.IsVisibleAsync("input[name='Input.Password']"));
    }

    [Fact]
    public async Task TheCodePage_NamesTheMaskedNumber_AndKeepsResendDisabled_AfterAWrongCode()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/quick/account/sms").ToString());
        await page.FillAsync("input[name=PhoneNumber]", "(415) 555-6003");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/account/sms/code**", new() { WaitUntil = WaitUntilState.Commit });
        Assert.Contains("+1******6003", await page.InnerTextAsync("#sent-to"));
        Assert.DoesNotContain("wait=", page.Url);
        var codePage = page.Url;

        var code = SmsOutbox.LastCode(server.Factory, "+14155556003");
        await page.FillAsync("input[name=Code]", code == "000000" ? "111111" : "000000");
        await page.ClickAsync("form[action*=Verify] button[type=submit]");
        Assert.Contains("The code is invalid or has expired.", await page.InnerTextAsync("p.error"));
        // Still the number, still waiting for the cooldown (counted by the server from the send, not from the URL).
        Assert.Contains("+1******6003", await page.InnerTextAsync("#sent-to"));
        Assert.True(await page.IsDisabledAsync("#resend"));
        Assert.Matches(@"Resend code in \d+ s", await page.InnerTextAsync("#resend"));
        // Opened again, the page counts from the same send too.
        await page.GotoAsync(codePage);
        Assert.True(await page.IsDisabledAsync("#resend"));
    }

    [Fact]
    public async Task InvalidPhone_ShowsTheReason_OnThePhonePage()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/t/quick/account/sms").ToString());
        await page.FillAsync("input[name=PhoneNumber]", "not a phone");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("phone", (await page.InnerTextAsync("p.error")).ToLowerInvariant());
    }

}
