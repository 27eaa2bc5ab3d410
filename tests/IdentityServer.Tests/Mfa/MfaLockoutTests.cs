using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.Mfa;

public sealed class MfaLockoutOnSqliteTests(SmsFixture server) : MfaLockoutTests<SmsFixture>(server), IClassFixture<SmsFixture>;

public sealed class MfaLockoutOnPostgreSqlTests(SmsOnPostgreSqlFixture server)
    : MfaLockoutTests<SmsOnPostgreSqlFixture>(server), IClassFixture<SmsOnPostgreSqlFixture>;

/// <summary>
/// Issue 12.1 / SPEC 3: failed second-factor attempts count per user across mfa_tokens; the 10th locks the second
/// factor for 15 minutes (doubling up to 24 h), the right code included; a success or an admin unlock resets it;
/// counted atomically under parallel tries. Issue 12.10: parallel completions of one recovery code or one mfa_token
/// give one success and invalid_grant, never a 500. Issue 12.4: an old enrollment ticket never replaces TOTP.
/// </summary>
public abstract class MfaLockoutTests<TFixture>(TFixture server) where TFixture : SmsFixture
{
    private const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";

    [Fact]
    public async Task TenWrongCodesAcrossTokens_LockTheSecondFactor_EvenForTheRightCode_ThenTheLockoutDoubles()
    {
        var (userId, secret, _) = await EnrolledSmsUserAsync("+14155558101");
        var tokens = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 9);
        foreach (var token in tokens)
        {
            await AssertInvalidCodeAsync(await GrantAsync(token, "totp", Wrong(secret)));
        }
        // A correct first factor (a real SMS sign-in) does not reset the count: its token's wrong code is the 10th.
        server.PassCooldown();
        var signIn = await SmsSignInAsync("+14155558101");
        Assert.Equal("mfa_required", signIn["error"]!.GetValue<string>());
        await AssertInvalidCodeAsync(await GrantAsync(signIn["mfa_token"]!.GetValue<string>(), "totp", Wrong(secret)));

        // Locked: the right code on a fresh token gets the very answer of a wrong one.
        var locked = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 1);
        await AssertInvalidCodeAsync(await GrantAsync(locked[0], "totp", TotpCodes.At(secret, server.Clock.GetUtcNow())));
        var user = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/strict/users/{userId}");
        Assert.Equal(server.Clock.GetUtcNow().AddMinutes(15), user["mfa_locked_until"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(1));
        Assert.Single(await AuditAsync("mfa.locked", userId));

        // After 15 minutes the right code works, but ten more wrong ones lock for 30 minutes: no success in between.
        server.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        foreach (var token in await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 10))
        {
            await AssertInvalidCodeAsync(await GrantAsync(token, "totp", Wrong(secret)));
        }
        server.Clock.Advance(TimeSpan.FromMinutes(16));
        var stillLocked = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 1);
        await AssertInvalidCodeAsync(await GrantAsync(stillLocked[0], "totp", TotpCodes.At(secret, server.Clock.GetUtcNow())));
        server.Clock.Advance(TimeSpan.FromMinutes(15));
        var open = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 1);
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync(open[0], "totp", TotpCodes.At(secret, server.Clock.GetUtcNow()))).StatusCode);
        Assert.Equal(2, (await AuditAsync("mfa.locked", userId)).Count);
        Assert.Null((await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/strict/users/{userId}"))["mfa_locked_until"]);
    }

    [Fact]
    public async Task FortyParallelWrongCodes_CheckExactlyTen_LockOnce_AndTheAdminUnlocks()
    {
        var (userId, secret, _) = await EnrolledSmsUserAsync("+14155558102");
        var tokens = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 40);
        var wrong = Wrong(secret);
        var answers = await Task.WhenAll(tokens.Select(t => GrantAsync(t, "totp", wrong)));
        foreach (var answer in answers)
        {
            await AssertInvalidCodeAsync(answer);
        }
        // Only ten attempts got as far as a code check; the other thirty were refused as locked.
        var failures = await AuditAsync("mfa.failed", userId);
        Assert.Equal(40, failures.Count);
        Assert.Equal(10, failures.Count(f => !f["details"]!["locked"]!.GetValue<bool>()));
        Assert.Single(await AuditAsync("mfa.locked", userId));
        var locked = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 1);
        await AssertInvalidCodeAsync(await GrantAsync(locked[0], "totp", TotpCodes.At(secret, server.Clock.GetUtcNow())));

        // While locked no code is sent: a challenge by SMS (after a password) is 429 and texts nothing.
        var texted = SmsOutbox.To(server.Factory, "+14155558102").Count;
        var afterPassword = (await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 1, "pwd", "totp sms recovery_code"))[0];
        var challenge = await server.Api.Http.PostAsync("/t/strict/connect/mfa/challenge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = afterPassword,
            ["factor"] = "sms",
            ["client_id"] = "mobile",
            ["client_secret"] = server.Secrets["strict"],
        }));
        Assert.Equal((HttpStatusCode)429, challenge.StatusCode);
        Assert.Equal("slow_down", (await Api.ReadJsonAsync(challenge))["error"]!.GetValue<string>());
        Assert.True(challenge.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(14), "Retry-After is the lockout's end");
        Assert.Equal(texted, SmsOutbox.To(server.Factory, "+14155558102").Count);

        // SPEC 7: an admin ends the lockout (204, audited); unknown users are 404.
        var unlock = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/strict/users/{userId}/mfa/unlock");
        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.Single(await AuditAsync("user.mfa_unlocked", userId));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Api.CallAsync(HttpMethod.Post, "/tenants/strict/users/nobody/mfa/unlock")).StatusCode);
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var open = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 1);
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync(open[0], "totp", TotpCodes.At(secret, server.Clock.GetUtcNow()))).StatusCode);
    }

    [Fact]
    public async Task TwentyParallelUsesOfOneRecoveryCode_OrOfOneMfaToken_GiveOneSuccess_AndInvalidGrantForTheRest()
    {
        var (userId, secret, codes) = await EnrolledSmsUserAsync("+14155558103");
        var tokens = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 20);
        var answers = await Task.WhenAll(tokens.Select(t => GrantAsync(t, "recovery_code", codes[0])));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            await Api.AssertOAuthErrorAsync(loser, "invalid_grant", HttpStatusCode.BadRequest);
        }
        await server.Api.CallAsync(HttpMethod.Post, $"/tenants/strict/users/{userId}/mfa/unlock");

        // One mfa_token, the right TOTP code, twenty times at once.
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var token = (await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 1))[0];
        var code = TotpCodes.At(secret, server.Clock.GetUtcNow());
        answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GrantAsync(token, "totp", code)));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            await Api.AssertOAuthErrorAsync(loser, "invalid_grant", HttpStatusCode.BadRequest);
        }
        // The recovery code went once: the other nine still work, the used one does not.
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var next = await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 2);
        await AssertInvalidCodeAsync(await GrantAsync(next[0], "recovery_code", codes[0]));
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync(next[1], "recovery_code", codes[1])).StatusCode);
    }

    [Fact]
    public async Task AnOlderEnrollmentTicket_CompletedAfterANewerOne_IsRefused_AndChangesNothing()
    {
        const string phone = "+14155558104";
        var first = await SmsSignInAsync(phone);
        Assert.Equal("mfa_enrollment_required", first["error"]!.GetValue<string>());
        var older = first["mfa_token"]!.GetValue<string>();
        var olderSecret = await EnrollSecretAsync(older);
        // The user left that enrollment unfinished and signs in again: a second enrollment ticket (S2).
        server.PassCooldown();
        var second = await SmsSignInAsync(phone);
        Assert.Equal("mfa_enrollment_required", second["error"]!.GetValue<string>());
        var newer = second["mfa_token"]!.GetValue<string>();
        var newerSecret = await EnrollSecretAsync(newer);

        var done = await Api.ReadJsonAsync(await GrantAsync(newer, "totp", TotpCodes.At(newerSecret, server.Clock.GetUtcNow())));
        var codes = done["recovery_codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        await AssertInvalidCodeAsync(await GrantAsync(older, "totp", TotpCodes.At(olderSecret, server.Clock.GetUtcNow())));

        // Unchanged: the newer secret and its recovery codes still work, the older secret does not.
        server.PassCooldown();
        var third = await SmsSignInAsync(phone);
        Assert.Equal("mfa_required", third["error"]!.GetValue<string>());
        await AssertInvalidCodeAsync(await GrantAsync(third["mfa_token"]!.GetValue<string>(), "totp", TotpCodes.At(olderSecret, server.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync(third["mfa_token"]!.GetValue<string>(), "totp", TotpCodes.At(newerSecret, server.Clock.GetUtcNow()))).StatusCode);
        server.PassCooldown();
        var fourth = await SmsSignInAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync(fourth["mfa_token"]!.GetValue<string>(), "recovery_code", codes[9])).StatusCode);
    }

    [Fact]
    public async Task TheHostedMfaPage_CountsTowardTheSameLockout_AndAnswersTheRightCodeLikeAWrongOneWhileLocked()
    {
        var (userId, secret, _) = await EnrolledSmsUserAsync("+14155558105");
        // Five wrong codes on the hosted page and five through the grant: one count per user.
        foreach (var token in await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "account", 5))
        {
            Assert.Contains("That code did not work. Try again.", await HostedVerifyAsync(token, Wrong(secret)));
        }
        foreach (var token in await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "mobile", 5))
        {
            await AssertInvalidCodeAsync(await GrantAsync(token, "totp", Wrong(secret)));
        }
        var locked = await HostedVerifyAsync((await MfaTicketSeed.IssueAsync(server.Factory, "strict", userId, "account", 1))[0],
            TotpCodes.At(secret, server.Clock.GetUtcNow()));
        Assert.Contains("That code did not work. Try again.", locked);
        Assert.Single(await AuditAsync("mfa.locked", userId));
    }

    /// <summary>Posts a code to the hosted MFA page as a browser holding the mfa cookie would; the page's HTML (200) or "redirect".</summary>
    private async Task<string> HostedVerifyAsync(string token, string code)
    {
        using var http = server.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        var get = new HttpRequestMessage(HttpMethod.Get, "/t/strict/account/mfa");
        get.Headers.Add("Cookie", "idp.mfa=" + token);
        var page = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var post = new HttpRequestMessage(HttpMethod.Post, "/t/strict/account/mfa?handler=Verify")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Factor"] = "totp",
                ["Code"] = code,
                ["__RequestVerificationToken"] = BrowserSession.Antiforgery(await page.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", $"idp.mfa={token}; {antiforgery}");
        var answer = await http.SendAsync(post);
        return answer.StatusCode == HttpStatusCode.OK ? await answer.Content.ReadAsStringAsync() : "redirect";
    }

    /// <summary>A user created by SMS sign-up who enrolled TOTP in the flow: their id, secret and recovery codes.</summary>
    private async Task<(string UserId, string Secret, List<string> Codes)> EnrolledSmsUserAsync(string phone)
    {
        var first = await SmsSignInAsync(phone);
        var token = first["mfa_token"]!.GetValue<string>();
        var secret = await EnrollSecretAsync(token);
        var done = await Api.ReadJsonAsync(await GrantAsync(token, "totp", TotpCodes.At(secret, server.Clock.GetUtcNow())));
        var userId = Jwt.Payload(done["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();
        // The next TOTP code is of a later step (no replay).
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        return (userId, secret, done["recovery_codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList());
    }

    private async Task<JsonNode> SmsSignInAsync(string phone)
    {
        var otp = await server.StartOkAsync("strict", phone);
        var response = await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, phone));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }

    private async Task<string> EnrollSecretAsync(string token)
    {
        var response = await server.Api.Http.PostAsync("/t/strict/connect/mfa/enroll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = token,
            ["factor"] = "totp",
            ["client_id"] = "mobile",
            ["client_secret"] = server.Secrets["strict"],
        }));
        return (await Api.ReadJsonAsync(response))["secret"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> GrantAsync(string token, string factor, string code) =>
        server.Api.TokenAsync("strict", ("grant_type", MfaGrant), ("mfa_token", token), ("factor", factor), ("code", code),
            ("client_id", "mobile"), ("client_secret", server.Secrets["strict"]));

    private async Task<List<JsonNode>> AuditAsync(string action, string? userId)
    {
        var page = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/strict/audit?action={action}&page_size=100");
        return page["items"]!.AsArray().Select(i => i!).Where(i => userId is null || i["target"]?.GetValue<string>() == "user:" + userId).ToList();
    }

    // A wrong code and a right one, locked or not, get the same answer.
    private static async Task AssertInvalidCodeAsync(HttpResponseMessage response)
    {
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        Assert.Equal("The code is not valid.", body["error_description"]!.GetValue<string>());
    }

    // Six digits that match no step of the window around now.
    private string Wrong(string secret)
    {
        var now = server.Clock.GetUtcNow();
        var window = new[] { -30, 0, 30 }.Select(s => TotpCodes.At(secret, now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !window.Contains(c));
    }
}

/// <summary>SPEC 3: 15 minutes, doubling with each further lockout, never more than 24 hours.</summary>
public sealed class MfaLockoutLengthTests
{
    [Theory]
    [InlineData(0, 15)]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(6, 960)]
    [InlineData(7, 1440)]
    [InlineData(40, 1440)]
    public void LengthAfter_DoublesUpToADay(int earlier, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), IdentityServer.Mfa.MfaLockout.LengthAfter(earlier));
}
