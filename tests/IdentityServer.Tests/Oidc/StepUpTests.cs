using System.Net;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Oidc;

public sealed class StepUpFixture : ServerFixture
{
    public const string Redirect = "https://app.example/cb";
    public string Secret { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.CreateTenantAsync("lift");
        Secret = (await Api.CreateClientAsync("lift", "web", ["authorization_code"], redirectUris: [Redirect]))!;
        await Api.CreateUserAsync("lift", "ana@lift.example", "Ana-Passw0rd!");
    }
}

/// <summary>SPEC 5: acr_values asking for MFA forces a second factor on a password session; tokens carry amr and acr.</summary>
public sealed partial class StepUpTests(StepUpFixture server) : IClassFixture<StepUpFixture>
{
    private const string MultiFactor = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    [Fact]
    public async Task AcrValuesMfa_OnAPasswordSession_EnrollsASecondFactor_ThenIssuesMfaTokens()
    {
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var plain = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl("lift", "web", StepUpFixture.Redirect, verifier, "openid"),
            "ana@lift.example", "Ana-Passw0rd!");
        var first = await browser.RedeemAsync("lift", "web", server.Secret, StepUpFixture.Redirect, BrowserSession.CodeOf(plain), verifier);
        Assert.Equal(["pwd"], Jwt.Amr(first["id_token"]!.GetValue<string>()));
        Assert.NotEqual(MultiFactor, Jwt.Payload(first["id_token"]!.GetValue<string>())["acr"]!.GetValue<string>());

        // The same session asks for MFA: the user is sent to enroll an authenticator.
        verifier = BrowserSession.Verifier();
        var stepUp = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl("lift", "web", StepUpFixture.Redirect, verifier, "openid",
            "&acr_values=" + Uri.EscapeDataString(MultiFactor)));
        Assert.Equal(HttpStatusCode.Redirect, stepUp.StatusCode);
        var enrollUrl = stepUp.Headers.Location!.ToString();
        Assert.Contains("/account/mfa/enroll", enrollUrl);

        var page = await browser.Http.GetStringAsync(enrollUrl);
        var secret = SecretOnPage().Match(page).Groups[1].Value;
        var confirm = await browser.Http.PostAsync(enrollUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = BrowserSession.Antiforgery(page),
            ["Code"] = TotpCodes.At(secret, DateTimeOffset.UtcNow),
        }));
        var codesPage = await confirm.Content.ReadAsStringAsync();
        Assert.Contains("recovery-codes", codesPage);
        var continueUrl = System.Net.WebUtility.HtmlDecode(ContinueLink().Match(codesPage).Groups[1].Value);

        var back = await browser.Http.GetAsync(continueUrl);
        var code = BrowserSession.CodeOf(back.Headers.Location!);
        var tokens = await browser.RedeemAsync("lift", "web", server.Secret, StepUpFixture.Redirect, code, verifier);
        Assert.Equal(["pwd", "otp", "mfa"], Jwt.Amr(tokens["id_token"]!.GetValue<string>()));
        Assert.Equal(MultiFactor, Jwt.Payload(tokens["access_token"]!.GetValue<string>())["acr"]!.GetValue<string>());
    }

    [GeneratedRegex("<code id=\"secret\">([A-Z2-7]+)</code>")]
    private static partial Regex SecretOnPage();

    [GeneratedRegex("<a id=\"continue\" href=\"([^\"]+)\"")]
    private static partial Regex ContinueLink();
}
