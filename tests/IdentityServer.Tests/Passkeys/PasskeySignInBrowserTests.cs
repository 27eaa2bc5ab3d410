using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Passkeys;

/// <summary>
/// "Sign in with a passkey" as the first factor (issue 16 points 4 and 6), in Chromium with a virtual authenticator:
/// a discoverable credential signs in with no email typed, counts as multi-factor (amr hwk pin mfa, the PAPE acr),
/// and meets a client's step-up; the username field offers passkeys in autofill (conditional UI); a tenant without
/// passkey sign-in shows no button and gives no options.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeySignInBrowserTests(PasskeyFixture server) : BrowserTest, IClassFixture<PasskeyFixture>
{
    private const string AcrMultiFactor = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    [Theory]
    [InlineData("pia@passkeys.example", true)]
    [InlineData("pat@passkeys.example", false)]
    public async Task ADiscoverablePasskey_SignsInWithNothingTyped_AsMultiFactor_AndMeetsAStepUp(string email, bool autofill)
    {
        var id = await server.Api.CreateUserAsync("passkeys", email, "Pia-Passw0rd!");
        var page = await NewPageAsync();
        await VirtualAuthenticator.AttachAsync(page);
        if (!autofill)
        {
            // A browser without conditional UI: the button is the way.
            await page.AddInitScriptAsync("PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);");
        }
        await page.GotoAsync(server.Url("/t/passkeys/account/security"));
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", "Pia-Passw0rd!");
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("#start-passkey");
        await page.FillAsync("input[name=PasskeyName]", "Phone");
        await page.ClickAsync("#create-passkey");
        await page.WaitForSelectorAsync("#passkeys");

        // Signed out: the sign-in page offers the passkey in the username field's autofill (the virtual authenticator
        // picks it at once) or with its button; nothing is typed.
        await page.Context.ClearCookiesAsync();
        var verifier = BrowserSession.Verifier();
        await page.GotoAsync(server.Url(BrowserSession.AuthorizeUrl("passkeys", "web", server.Redirect, verifier, "openid", "&acr_values=mfa")));
        if (!autofill)
        {
            Assert.Equal("username webauthn", await page.GetAttributeAsync("input[name='Input.Email']", "autocomplete"));
            await page.ClickAsync("#passkey-sign-in");
        }
        var tokens = await server.RedeemAsync(page, verifier, "passkeys");
        Assert.Equal(["hwk", "pin", "mfa"], Jwt.Amr(tokens["id_token"]!.GetValue<string>()));
        var access = Jwt.Payload(tokens["access_token"]!.GetValue<string>());
        Assert.Equal(AcrMultiFactor, access["acr"]!.GetValue<string>());
        Assert.Equal(id, access["sub"]!.GetValue<string>());
        Assert.Contains(await server.AuditActionsAsync("passkey.used", id, "passkeys"), d => d.Contains("first_factor", StringComparison.Ordinal));
        Assert.Contains(await server.AuditActionsAsync("sign_in.decision", id, "passkeys"), d => d.Contains("\"K1\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATenantWithoutPasskeySignIn_ShowsNoButton_AndGivesNoOptions()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(server.Url("/t/keys/account/login"));
        Assert.Equal(0, await page.Locator("#passkey-sign-in").CountAsync());
        Assert.Equal("username", await page.GetAttributeAsync("input[name='Input.Email']", "autocomplete"));
        var options = await server.Api.Http.GetAsync("/t/keys/account/login/passkey?handler=Options");
        Assert.Equal(HttpStatusCode.NotFound, options.StatusCode);
        var keys = await server.Api.Http.GetAsync("/t/passkeys/account/login/passkey?handler=Options");
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        var json = await Api.ReadJsonAsync(keys);
        Assert.Equal("required", json["userVerification"]!.GetValue<string>());
        Assert.Empty(json["allowCredentials"]?.AsArray() ?? []);
    }
}
