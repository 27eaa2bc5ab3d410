using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Pages;

/// <summary>The MFA pages in Chromium: TOTP enrolled in the flow (QR, recovery codes once), then asked for.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MfaPagesBrowserTests(SmsBrowserFixture server) : BrowserTest, IClassFixture<SmsBrowserFixture>
{
    [Fact]
    public async Task SmsSignUp_WithARequiredSecondFactor_EnrollsTotpWithAQrCode_ShowsRecoveryCodesOnce_AndCompletes()
    {
        var page = await NewPageAsync();
        var verifier = BrowserSession.Verifier();
        await page.GotoAsync(Url(BrowserSession.AuthorizeUrl("strict", "web", server.Redirect, verifier, "openid phone")));
        await page.ClickAsync("#sms-sign-in");
        await page.FillAsync("input[name=PhoneNumber]", "+1 415 555 6101");
        await page.ClickAsync("button[type=submit]");
        await page.ArrivedAtAsync("**/account/sms/code**");
        await page.FillAsync("input[name=Code]", SmsOutbox.LastCode(server.Factory, "+14155556101"));
        await page.ClickAsync("form[action*=Verify] button[type=submit]");

        await page.ArrivedAtAsync("**/account/mfa/enroll**");
        Assert.StartsWith("data:image/png;base64,", await page.GetAttributeAsync("#qr", "src"));
        var secret = await page.InnerTextAsync("#secret");
        await page.FillAsync("input[name=Code]", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#recovery-codes");
        Assert.Equal(10, await page.Locator("#recovery-codes li").CountAsync());
        await page.ClickAsync("#continue");

        var tokens = await server.RedeemAsync(page, "strict", server.StrictWebSecret, verifier);
        Assert.Equal(["sms", "otp", "mfa"], Amr(tokens));
    }

    [Fact]
    public async Task PasswordSignIn_WhereMfaIsRequired_EnrollsTotp_ThenTheNextSignInAsksForIt()
    {
        var page = await NewPageAsync();
        var verifier = BrowserSession.Verifier();
        await page.GotoAsync(Url(BrowserSession.AuthorizeUrl("mfareq", "web", server.Redirect, verifier, "openid")));
        await page.FillAsync("input[name='Input.Email']", "mallory@mfareq.example");
        await page.FillAsync("input[name='Input.Password']", "Mfa-Passw0rd!");
        await page.ClickAsync("button[type=submit]");
        await page.ArrivedAtAsync("**/account/mfa/enroll**");
        var secret = await page.InnerTextAsync("#secret");
        await page.FillAsync("input[name=Code]", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#recovery-codes");
        await page.ClickAsync("#continue");
        Assert.Equal(["pwd", "otp", "mfa"], Amr(await server.RedeemAsync(page, "mfareq", server.RequiredWebSecret, verifier)));

        // A new browser: password, then the challenge page with the authenticator code.
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await NewPageAsync();
        verifier = BrowserSession.Verifier();
        await second.GotoAsync(Url(BrowserSession.AuthorizeUrl("mfareq", "web", server.Redirect, verifier, "openid")));
        await second.FillAsync("input[name='Input.Email']", "mallory@mfareq.example");
        await second.FillAsync("input[name='Input.Password']", "Mfa-Passw0rd!");
        await second.ClickAsync("button[type=submit]");
        await second.ArrivedAtAsync(url => url.Contains("/account/mfa?ReturnUrl=", StringComparison.Ordinal));
        await second.FillAsync("input[name=Code]", "000000");
        await second.ClickAsync("button[type=submit]");
        Assert.Contains("did not work", await second.InnerTextAsync("p.error"));
        await second.FillAsync("input[name=Code]", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        await second.ClickAsync("button[type=submit]");
        Assert.Equal(["pwd", "otp", "mfa"], Amr(await server.RedeemAsync(second, "mfareq", server.RequiredWebSecret, verifier)));
    }

    private string Url(string pathAndQuery) => new Uri(server.BaseAddress, pathAndQuery).ToString();

    private static string[] Amr(JsonNode tokens) => Jwt.Amr(tokens["id_token"]!.GetValue<string>());
}
