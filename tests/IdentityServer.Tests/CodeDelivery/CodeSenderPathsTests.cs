using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Management;
using IdentityServer.Tests.SmsSignIn;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace IdentityServer.Tests.CodeDelivery;

/// <summary>
/// The SMS fixture plus "mfasms" (SMS sign-in on without sign-up, SMS among the MFA factors) and a web
/// client; low email per-address (4) and phone-verification per-user (3) limits.
/// </summary>
public sealed class CodeSenderPathsFixture : SmsFixture
{
    public const string Tenant = "mfasms";
    public const string RedirectUri = "https://app.example/cb";

    public string WebSecret { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        Factory.Settings["Email:Limits:PerAddressPerHour"] = "4";
        Factory.Settings["Sms:Limits:PerUserPerHour"] = "3";
        await base.InitializeAsync();
        await Api.CreateTenantAsync(Tenant);
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Tenant}/settings");
        settings["sign_in"]!["sms"]!["enabled"] = true;
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        settings["mfa"]!["factors"] = new JsonArray("totp", "recovery_code", "email", "sms");
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{Tenant}/settings", settings.ToJsonString());
        Secrets[Tenant] = (await Api.CreateClientAsync(Tenant, "mobile", [SmsGrant]))!;
        WebSecret = (await Api.CreateClientAsync(Tenant, "web", ["authorization_code"], redirectUris: [RedirectUri]))!;
    }

    /// <summary>Signs in with the password on the hosted login page; returns the mfa_token of the second step.</summary>
    public async Task<string> PasswordSignInAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        var http = Factory.CreateDefaultClient(Factory.ClientOptions.BaseAddress, new CookieContainerHandler(cookies));
        var browser = new BrowserSession(http);
        var authorize = await http.GetAsync(BrowserSession.AuthorizeUrl(Tenant, "web", RedirectUri, BrowserSession.Verifier(), "openid profile email"));
        Assert.True(authorize.StatusCode == HttpStatusCode.Redirect, await authorize.Content.ReadAsStringAsync());
        var login = await browser.SubmitLoginAsync(authorize.Headers.Location!, email, password);
        Assert.Contains("/account/mfa", login.Headers.Location?.ToString() ?? "");
        return cookies.GetAllCookies().Single(c => c.Name == "idp.mfa").Value;
    }

    public Task<HttpResponseMessage> ChallengeAsync(string token, string factor) =>
        Api.Http.PostAsync($"/t/{Tenant}/connect/mfa/challenge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = token,
            ["factor"] = factor,
            ["client_id"] = "web",
            ["client_secret"] = WebSecret,
        }));

    /// <summary>A user with a password, a verified phone (set by an admin) and, when asked, email codes on.</summary>
    public async Task<string> UserAsync(string email, string phone, bool emailCodes = false)
    {
        var id = await Api.CreateUserAsync(Tenant, email, "Long-Passw0rd!");
        await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{Tenant}/users/{id}/phone", new { phone_number = phone, verify = false });
        if (emailCodes)
        {
            await FixtureDatabase.ExecuteAsync(this, "UPDATE AspNetUsers SET EmailMfaEnabled = 1 WHERE Id = $id", ("$id", id));
        }
        return id;
    }
}

/// <summary>
/// Issue 12 point 5: every path that sends a code obeys the same limits. Before, MFA challenge SMS
/// ignored the SMS limits (4 sign-ins sent 12 SMS to one phone in 2 s, then sms/start still answered
/// 200), email codes had no limit, 20 parallel challenges on one ticket sent 6 SMS and 20 emails, and
/// phone verification sent 40 SMS from one session.
/// </summary>
public sealed class CodeSenderPathsTests(CodeSenderPathsFixture server) : IClassFixture<CodeSenderPathsFixture>
{
    private const string Tenant = CodeSenderPathsFixture.Tenant;

    [Fact]
    public async Task MfaChallengeSms_CountsTowardTheCooldown_InParallelAndAcrossSignIns_AndSmsStartThen429s()
    {
        const string phone = "+14155553701";
        await server.UserAsync("ann@mfasms.example", phone);
        var first = await server.PasswordSignInAsync("ann@mfasms.example", "Long-Passw0rd!");
        var second = await server.PasswordSignInAsync("ann@mfasms.example", "Long-Passw0rd!");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => server.ChallengeAsync(i % 2 == 0 ? first : second, "sms")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var limited = responses.First(r => r.StatusCode != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("slow_down", (await Api.ReadJsonAsync(limited))["error"]!.GetValue<string>());
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Single(SmsOutbox.To(server.Factory, phone));
        var start = await server.StartAsync(Tenant, phone);
        Assert.Equal(HttpStatusCode.TooManyRequests, start.StatusCode);
        Assert.Single(SmsOutbox.To(server.Factory, phone));
    }

    [Fact]
    public async Task TwentyParallelEmailChallenges_OnOneTicket_SendAtMostThree()
    {
        await server.UserAsync("bob@mfasms.example", "+14155553702", emailCodes: true);
        var token = await server.PasswordSignInAsync("bob@mfasms.example", "Long-Passw0rd!");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => server.ChallengeAsync(token, "email")));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, Codes("bob@mfasms.example"));
        Assert.Equal(HttpStatusCode.BadRequest, (await server.ChallengeAsync(token, "email")).StatusCode);
    }

    [Fact]
    public async Task EmailCodes_HaveAPerAddressLimit_AcrossTickets()
    {
        await server.UserAsync("cat@mfasms.example", "+14155553703", emailCodes: true);
        var tickets = new[]
        {
            await server.PasswordSignInAsync("cat@mfasms.example", "Long-Passw0rd!"),
            await server.PasswordSignInAsync("cat@mfasms.example", "Long-Passw0rd!"),
            await server.PasswordSignInAsync("cat@mfasms.example", "Long-Passw0rd!"),
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 21).Select(i => server.ChallengeAsync(tickets[i % 3], "email")));

        // Three tickets could take 9; the address takes 4 an hour.
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(4, Codes("cat@mfasms.example"));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
    }

    // The emailed codes (the address also got the notice of its new phone, U2).
    private int Codes(string address) =>
        MailOutbox.To(server.Factory, address).Count(m => m.Subject?.Contains("verification code", StringComparison.Ordinal) == true);

    [Fact]
    public async Task PhoneVerification_ByTheManagementApi_CountsPerUser_UnderParallelRequests()
    {
        var id = await server.Api.CreateUserAsync(Tenant, "dan@mfasms.example", "Long-Passw0rd!");
        var phones = Enumerable.Range(0, 20).Select(i => $"+141555536{i + 10:D2}").ToList();
        var token = await server.Api.PlatformTokenAsync();

        var responses = await Task.WhenAll(phones.Select(p =>
            server.Api.CallAsync(HttpMethod.Post, $"/tenants/{Tenant}/users/{id}/phone", new { phone_number = p, verify = true }, token)));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(17, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, phones.Sum(p => SmsOutbox.To(server.Factory, p).Count));
    }
}

/// <summary>Issue 12 point 12: every refused SMS start is audited with its reason and a masked phone only.</summary>
public sealed class RefusedStartAuditTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    [Fact]
    public async Task EveryRefusedStart_IsAuditedWithItsReason_AndAMaskedPhone()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await server.StartAsync("closed", "+14155553601")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.StartAsync("quick", "+33 1 23")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("nosignup", "+14155553602")).StatusCode);
        await server.StartOkAsync("quick", "+14155553603");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.StartAsync("quick", "+14155553603")).StatusCode);
        // A user of "strict" (second factor required) with a phone but no other factor: the policy denies SMS.
        var id = await server.Api.CreateUserAsync("strict", "fay@strict.example", "Long-Passw0rd!");
        await FixtureDatabase.ExecuteAsync(server, "UPDATE AspNetUsers SET PhoneNumber = '+14155553604', PhoneNumberConfirmed = 1 WHERE Id = $id", ("$id", id));
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("strict", "+14155553604")).StatusCode);
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155553604"));

        Assert.Equal("sms_disabled", (await RefusalsAsync("closed")).Single()["details"]!["reason"]!.GetValue<string>());
        var quick = await RefusalsAsync("quick");
        Assert.Contains(quick, e => e["details"]!["reason"]!.GetValue<string>() == "invalid_phone");
        Assert.Contains(quick, e => e["details"]!["reason"]!.GetValue<string>() == "cooldown" && e["target"]!.GetValue<string>() == "+1******3603");
        var nosignup = (await RefusalsAsync("nosignup")).Single();
        Assert.Equal("unknown_user", nosignup["details"]!["reason"]!.GetValue<string>());
        Assert.Equal("+1******3602", nosignup["target"]!.GetValue<string>());
        Assert.Contains(await RefusalsAsync("strict"), e => e["details"]!["reason"]!.GetValue<string>() == "policy_denied");
        foreach (var tenant in new[] { "closed", "quick", "nosignup", "strict" })
        {
            var raw = (await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?action=sms.start_refused&page_size=200")).ToJsonString();
            Assert.DoesNotContain("41555536", raw);
        }
    }

    private async Task<List<JsonNode>> RefusalsAsync(string tenant) =>
        (await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?action=sms.start_refused&page_size=200"))["items"]!
            .AsArray().Select(e => e!).ToList();
}
