using System.Net;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityServer.Tests.Oidc;

/// <summary>
/// Issue 12 point 17: connect/endsession without id_token_hint (which any site can send) asks the
/// signed-in user to confirm; the confirmation posts back and completes the logout.
/// </summary>
public sealed partial class EndSessionConfirmationTests(AuthorizationCodeFixture server) : IClassFixture<AuthorizationCodeFixture>
{
    private const string T = AuthorizationCodeFixture.Tenant;
    private const string Bye = "https://app.example/bye";

    [Fact]
    public async Task WithoutIdTokenHint_TheUserConfirms_ThenIsSignedOutAndSentToTheClient()
    {
        var browser = await SignedInAsync();
        var ask = await browser.Http.GetAsync($"/t/{T}/connect/endsession?client_id=web&post_logout_redirect_uri={Uri.EscapeDataString(Bye)}&state=bye");
        Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);
        var page = ask.Headers.Location!.ToString();
        Assert.StartsWith($"/t/{T}/account/logout?", page);
        Assert.True(await SignedInStillAsync(browser), "the session ended before the user confirmed");

        var html = await browser.Http.GetStringAsync(page);
        Assert.Contains("id=\"confirm-logout\"", html);
        var fields = new Dictionary<string, string>();
        foreach (var input in Input().Matches(html).Select(m => m.Value).Where(i => i.Contains("type=\"hidden\"", StringComparison.Ordinal)))
        {
            fields[WebUtility.HtmlDecode(Attribute(input, "name"))] = WebUtility.HtmlDecode(Attribute(input, "value"));
        }
        Assert.Equal(Bye, fields["post_logout_redirect_uri"]);
        Assert.Equal("yes", fields["confirm_logout"]);

        var done = await browser.Http.PostAsync($"/t/{T}/connect/endsession", new FormUrlEncodedContent(fields));
        var location = done.Headers.Location!.ToString();
        Assert.StartsWith(Bye, location);
        Assert.Equal("bye", QueryHelpers.ParseQuery(new Uri(location).Query)["state"].ToString());
        Assert.False(await SignedInStillAsync(browser), "the session survived the confirmed logout");
    }

    [Fact]
    public async Task AConfirmationWithoutTheAntiforgeryToken_DoesNotSignOut()
    {
        var browser = await SignedInAsync();
        var forged = await browser.Http.PostAsync($"/t/{T}/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["post_logout_redirect_uri"] = Bye,
            ["confirm_logout"] = "yes",
        }));
        Assert.StartsWith($"/t/{T}/account/logout?", forged.Headers.Location!.ToString());
        Assert.True(await SignedInStillAsync(browser), "a cross-site POST signed the user out");
    }

    private async Task<BrowserSession> SignedInAsync()
    {
        var browser = server.NewBrowser();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(T, "web", AuthorizationCodeFixture.Redirect, BrowserSession.Verifier()),
            AuthorizationCodeFixture.Email, AuthorizationCodeFixture.Password);
        Assert.StartsWith(AuthorizationCodeFixture.Redirect, redirect.ToString());
        return browser;
    }

    // Signed in: authorize answers with the client's redirect, not the login page.
    private static async Task<bool> SignedInStillAsync(BrowserSession browser)
    {
        var authorize = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(T, "web", AuthorizationCodeFixture.Redirect, BrowserSession.Verifier()));
        return !authorize.Headers.Location!.ToString().Contains("/account/login", StringComparison.Ordinal);
    }

    private static string Attribute(string input, string name) =>
        Regex.Match(input, $"\\b{name}=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex Input();
}
