using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// A browser without JavaScript: follows the hosted pages of the authorization code flow with
/// its own cookie jar, posting forms with their antiforgery token, and redeems the code with PKCE.
/// </summary>
public sealed partial class BrowserSession(HttpClient http)
{
    public HttpClient Http => http;

    public static string Verifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string AuthorizeUrl(string tenant, string clientId, string redirectUri, string verifier, string scope = "openid profile email offline_access", string? extra = null) =>
        $"/t/{tenant}/connect/authorize?client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
        $"&response_type=code&scope={Uri.EscapeDataString(scope)}&state=st123&nonce=n123" +
        $"&code_challenge={Challenge(verifier)}&code_challenge_method=S256{extra}";

    /// <summary>Signs in on the hosted page if asked, and returns the final redirect to the client (with code or error).</summary>
    public async Task<Uri> AuthorizeAsync(string authorizeUrl, string email, string password, bool acceptConsent = true)
    {
        var response = await http.GetAsync(authorizeUrl);
        for (var hops = 0; hops < 10; hops++)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK,
                $"unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Fail("expected a redirect, got a page: " + (await response.Content.ReadAsStringAsync())[..200]);
            }
            var location = response.Headers.Location!;
            var absolute = location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
            if (absolute.Host != http.BaseAddress!.Host || !absolute.AbsolutePath.StartsWith("/t/", StringComparison.Ordinal))
            {
                return absolute;
            }
            if (absolute.AbsolutePath.EndsWith("/account/login", StringComparison.Ordinal))
            {
                response = await SubmitLoginAsync(absolute, email, password);
            }
            else if (absolute.AbsolutePath.EndsWith("/account/consent", StringComparison.Ordinal))
            {
                response = await SubmitConsentAsync(absolute, acceptConsent);
            }
            else
            {
                response = await http.GetAsync(absolute.PathAndQuery);
            }
        }
        throw new InvalidOperationException("too many redirects");
    }

    /// <summary>Posts the hosted login form of <paramref name="loginPage"/>, relative to the client's base address or absolute on any origin.</summary>
    public async Task<HttpResponseMessage> SubmitLoginAsync(Uri loginPage, string email, string password)
    {
        var absolute = loginPage.IsAbsoluteUri ? loginPage : new Uri(http.BaseAddress!, loginPage);
        var page = await http.GetStringAsync(absolute);
        var returnUrl = QueryHelpers.ParseQuery(absolute.Query).TryGetValue("ReturnUrl", out var r) ? r.ToString() : "";
        return await http.PostAsync(new Uri(absolute.GetLeftPart(UriPartial.Path)), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(page),
            ["ReturnUrl"] = returnUrl,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    private async Task<HttpResponseMessage> SubmitConsentAsync(Uri consentPage, bool accept)
    {
        var page = await http.GetStringAsync(consentPage.PathAndQuery);
        var fields = HiddenInputs().Matches(page).Select(m => m.Value)
            .ToDictionary(i => WebUtility.HtmlDecode(Attribute(i, "name")), i => WebUtility.HtmlDecode(Attribute(i, "value")));
        fields[accept ? "submit.Accept" : "submit.Deny"] = "yes";
        var action = FormAction().Match(page).Groups[1].Value;
        return await http.PostAsync(WebUtility.HtmlDecode(action), new FormUrlEncodedContent(fields));
    }

    public static string Antiforgery(string page) =>
        WebUtility.HtmlDecode(AntiforgeryInput().Match(page).Groups[1].Value) is { Length: > 0 } token
            ? token : throw new InvalidOperationException("no antiforgery token in the page");

    public static string CodeOf(Uri redirect) =>
        QueryHelpers.ParseQuery(redirect.Query).TryGetValue("code", out var code) ? code.ToString()
            : throw new InvalidOperationException("no code in " + redirect);

    public async Task<JsonNode> RedeemAsync(string tenant, string clientId, string? secret, string redirectUri, string code, string verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = clientId,
            ["code_verifier"] = verifier,
        };
        if (secret is not null) form["client_secret"] = secret;
        var response = await http.PostAsync($"/t/{tenant}/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"code redemption: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInputs();

    private static string Attribute(string tag, string name) =>
        Regex.Match(tag, $"{name}=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
