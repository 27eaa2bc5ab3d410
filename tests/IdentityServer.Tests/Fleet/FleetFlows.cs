using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Fleet;

/// <summary>The flows of SPEC 3-5 as steps over a fleet's round robin: every step may land on another node.</summary>
public static class FleetFlows
{
    /// <summary>Code + PKCE through the hosted sign-in page; returns the token response.</summary>
    public static async Task<JsonNode> CodeFlowAsync(FleetFixture fleet, HttpClient http, string email, string password)
    {
        var browser = new BrowserSession(http);
        var verifier = BrowserSession.Verifier();
        var redirect = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(FleetFixture.Tenant, "web", FleetFixture.RedirectUri, verifier), email, password);
        return await browser.RedeemAsync(FleetFixture.Tenant, "web", fleet.Secrets["web"], FleetFixture.RedirectUri, BrowserSession.CodeOf(redirect), verifier);
    }

    /// <summary>An authorization code (not redeemed) and its verifier, signing in on the hosted page when the session asks.</summary>
    public static async Task<(string Code, string Verifier)> AuthorizationCodeAsync(HttpClient http, string email, string password)
    {
        var verifier = BrowserSession.Verifier();
        var redirect = await new BrowserSession(http).AuthorizeAsync(BrowserSession.AuthorizeUrl(FleetFixture.Tenant, "web", FleetFixture.RedirectUri, verifier), email, password);
        return (BrowserSession.CodeOf(redirect), verifier);
    }

    public static Task<HttpResponseMessage> RedeemAsync(FleetFixture fleet, HttpClient http, string code, string verifier) =>
        http.PostAsync($"/t/{FleetFixture.Tenant}/connect/token", FleetFixture.Form(("grant_type", "authorization_code"), ("code", code),
            ("redirect_uri", FleetFixture.RedirectUri), ("client_id", "web"), ("client_secret", fleet.Secrets["web"]), ("code_verifier", verifier)));

    public static Task<HttpResponseMessage> RefreshAsync(FleetFixture fleet, HttpClient http, string client, string refreshToken) =>
        http.PostAsync($"/t/{FleetFixture.Tenant}/connect/token", FleetFixture.Form(("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", client), ("client_secret", fleet.Secrets[client])));

    public static async Task<HttpStatusCode> UserInfoAsync(HttpClient http, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{FleetFixture.Tenant}/connect/userinfo");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return (await http.SendAsync(request)).StatusCode;
    }

    public static async Task<bool> ActiveAsync(FleetFixture fleet, HttpClient http, string client, string token)
    {
        var response = await http.PostAsync($"/t/{FleetFixture.Tenant}/connect/introspect", FleetFixture.Form(("token", token),
            ("client_id", client), ("client_secret", fleet.Secrets[client])));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"introspection: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["active"]!.GetValue<bool>();
    }

    /// <summary>SMS start; returns the otp_id.</summary>
    public static async Task<string> SmsStartAsync(FleetFixture fleet, HttpClient http, string phone)
    {
        var response = await fleet.SmsStartAsync(http, phone);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"sms start: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["otp_id"]!.GetValue<string>();
    }

    /// <summary>
    /// SMS sign-in of a new phone in the fleet's tenant (a second factor is required): start, the code,
    /// mfa_enrollment_required, TOTP enrollment and the mfa-otp grant, each step on the next node.
    /// Returns the tokens and the TOTP secret.
    /// </summary>
    public static async Task<(JsonNode Tokens, string Secret)> SmsSignUpWithTotpAsync(FleetFixture fleet, HttpClient http, string phone)
    {
        var otp = await SmsStartAsync(fleet, http, phone);
        var code = (await fleet.SmsCodesAsync(phone)).Last();
        var first = await Api.ReadJsonAsync(await fleet.SmsGrantAsync(http, otp, code));
        Assert.Equal("mfa_enrollment_required", first["error"]?.GetValue<string>());
        var ticket = first["mfa_token"]!.GetValue<string>();
        var enroll = await fleet.MobilePostAsync(http, "connect/mfa/enroll", ("mfa_token", ticket), ("factor", "totp"));
        Assert.Equal(HttpStatusCode.OK, enroll.StatusCode);
        var secret = (await Api.ReadJsonAsync(enroll))["secret"]!.GetValue<string>();
        var tokens = await MfaGrantAsync(fleet, http, ticket, "totp", TotpCodes.At(secret, TimeProvider.System.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        return (await Api.ReadJsonAsync(tokens), secret);
    }

    public static Task<HttpResponseMessage> MfaGrantAsync(FleetFixture fleet, HttpClient http, string ticket, string factor, string code) =>
        fleet.MobilePostAsync(http, "connect/token", ("grant_type", FleetFixture.MfaGrant), ("mfa_token", ticket), ("factor", factor), ("code", code));

    /// <summary>Polls <paramref name="probe"/> until it holds; returns how long that took.</summary>
    public static async Task<TimeSpan> TimeUntilAsync(Func<Task<bool>> probe, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await probe())
        {
            Assert.True(clock.Elapsed < limit, $"not seen within {limit.TotalSeconds} s");
            await Task.Delay(25);
        }
        return clock.Elapsed;
    }
}
