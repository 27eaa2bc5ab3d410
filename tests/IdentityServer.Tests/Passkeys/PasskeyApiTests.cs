using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace IdentityServer.Tests.Passkeys;

/// <summary>
/// The API path of native apps (issue 16 point 3): SMS sign-up enrolls a passkey through connect/mfa/enroll and the
/// mfa-otp grant, the next SMS sign-in is completed with an assertion from connect/mfa/challenge; answers made by
/// Chromium's virtual authenticator in a page of the server's origin. Replays, a counter going back, a challenge of
/// another ticket and malformed answers are refused as invalid_grant, never a 500.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyApiTests(PasskeyFixture server) : BrowserTest, IClassFixture<PasskeyFixture>
{
    [Fact]
    public async Task SmsSignUp_EnrollsAPasskeyOverTheApi_ThenTheNextSignInCompletesWithAnAssertion_AndAReplayIsRefused()
    {
        var (page, _) = await AuthenticatorPageAsync();
        var first = await SmsSignInAsync("+14155557201");
        Assert.Equal("mfa_enrollment_required", first["error"]!.GetValue<string>());
        Assert.Equal(["totp", "webauthn"], Methods(first));
        var token = first["mfa_token"]!.GetValue<string>();

        var enroll = await Api.ReadJsonAsync(await PostAsync("connect/mfa/enroll", ("mfa_token", token), ("factor", "webauthn")));
        Assert.Equal("none", enroll["public_key"]!["attestation"]!.GetValue<string>());
        Assert.Equal("localhost", enroll["public_key"]!["rp"]!["id"]!.GetValue<string>());
        var attestation = await VirtualAuthenticator.CreateAsync(page, enroll["public_key"]!.ToJsonString());
        var enrolled = await GrantAsync(token, ("attestation", attestation));
        var body = await Api.ReadJsonAsync(enrolled);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(["sms", "hwk", "pin", "mfa"], Jwt.Amr(body["id_token"]!.GetValue<string>()));
        Assert.Equal(10, body["recovery_codes"]!.AsArray().Count);
        var userId = Jwt.Payload(body["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();

        server.PassCooldown();
        var second = await SmsSignInAsync("+14155557201");
        Assert.Equal("mfa_required", second["error"]!.GetValue<string>());
        Assert.Equal(["webauthn", "recovery_code"], Methods(second));
        token = second["mfa_token"]!.GetValue<string>();
        var challenge = await PostAsync("connect/mfa/challenge", ("mfa_token", token), ("factor", "webauthn"));
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal("no-store", challenge.Headers.CacheControl!.ToString());
        var options = await Api.ReadJsonAsync(challenge);
        Assert.Equal("webauthn", options["challenge_type"]!.GetValue<string>());
        Assert.Single(options["public_key"]!["allowCredentials"]!.AsArray());
        var assertion = await VirtualAuthenticator.GetAsync(page, options["public_key"]!.ToJsonString());
        var signedIn = await GrantAsync(token, ("assertion", assertion));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(["sms", "hwk", "pin", "mfa"], Jwt.Amr((await Api.ReadJsonAsync(signedIn))["id_token"]!.GetValue<string>()));
        Assert.Contains(await server.AuditActionsAsync("passkey.used", userId), d => d.Contains("second_factor", StringComparison.Ordinal));

        // The same assertion again, with a fresh sign-in whose own challenge is outstanding: refused.
        server.PassCooldown();
        var third = (await SmsSignInAsync("+14155557201"))["mfa_token"]!.GetValue<string>();
        await PostAsync("connect/mfa/challenge", ("mfa_token", third), ("factor", "webauthn"));
        await Api.AssertOAuthErrorAsync(await GrantAsync(third, ("assertion", assertion)), "invalid_grant", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TwentyParallelPostsOfOneAssertion_SignInOnce()
    {
        var (page, _) = await AuthenticatorPageAsync();
        await EnrolledUserAsync(page, "+14155557202");
        var token = (await SmsSignInAsync("+14155557202"))["mfa_token"]!.GetValue<string>();
        var assertion = await AssertionAsync(page, token);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GrantAsync(token, ("assertion", assertion))));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(refused))["error"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ACounterGoingBack_IsRefusedAndAudited_AndAnAnswerToAnotherTicketsChallengeIsRefused()
    {
        var (page, _) = await AuthenticatorPageAsync();
        var userId = await EnrolledUserAsync(page, "+14155557203");

        // The challenge of one sign-in does not complete another.
        var one = (await SmsSignInAsync("+14155557203"))["mfa_token"]!.GetValue<string>();
        server.PassCooldown();
        var other = (await SmsSignInAsync("+14155557203"))["mfa_token"]!.GetValue<string>();
        var answerForOne = await AssertionAsync(page, one);
        await Api.AssertOAuthErrorAsync(await GrantAsync(other, ("assertion", answerForOne)), "invalid_grant", HttpStatusCode.BadRequest);

        await server.DbAsync(db => db.Passkeys.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.SignCount, 1000)));
        server.PassCooldown();
        var token = (await SmsSignInAsync("+14155557203"))["mfa_token"]!.GetValue<string>();
        await Api.AssertOAuthErrorAsync(await GrantAsync(token, ("assertion", await AssertionAsync(page, token))), "invalid_grant", HttpStatusCode.BadRequest);
        Assert.Single(await server.AuditActionsAsync("passkey.clone_suspected", userId));
    }

    [Fact]
    public async Task ManagementApi_ListsAUsersPasskeys_AndRemovesOne_UnderU3()
    {
        var (page, _) = await AuthenticatorPageAsync();
        var userId = await EnrolledUserAsync(page, "+14155557204");
        var list = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/keys/users/{userId}/passkeys");
        Assert.Equal(1, list["total"]!.GetValue<long>());
        var item = list["items"]![0]!;
        Assert.Equal("Passkey 1", item["name"]!.GetValue<string>());
        Assert.NotNull(item["created_at"]);
        Assert.Contains("webauthn", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/keys/users/{userId}"))["factors"]!.AsArray().Select(f => f!.GetValue<string>()));

        // SMS is this user's other way in and the passkey their last second step: 409, nothing removed.
        var refused = await Api.CallAsync(HttpMethod.Delete, $"/tenants/keys/users/{userId}/passkeys/{item["id"]!.GetValue<string>()}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Single(await server.PasskeysOfAsync(userId));

        // With a password, it may go; the audit names the admin.
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/keys/users/{userId}", new { password = "Given-Passw0rd!" });
        var removed = await Api.CallAsync(HttpMethod.Delete, $"/tenants/keys/users/{userId}/passkeys/{item["id"]!.GetValue<string>()}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await server.PasskeysOfAsync(userId));
        Assert.Single(await server.AuditActionsAsync("passkey.removed", userId));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.CallAsync(HttpMethod.Delete, $"/tenants/keys/users/{userId}/passkeys/{item["id"]!.GetValue<string>()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.CallAsync(HttpMethod.Get, "/tenants/keys/users/nobody/passkeys")).StatusCode);
    }

    [Theory]
    [InlineData("+14155557301", "")]
    [InlineData("+14155557302", "not json")]
    [InlineData("+14155557303", "[]")]
    [InlineData("+14155557304", "{}")]
    [InlineData("+14155557305", """{"id":"x","rawId":"!!","type":"public-key","response":{}}""")]
    [InlineData("+14155557306", """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"authenticatorData":"AAAA","signature":"AAAA","clientDataJSON":"e30"},"clientExtensionResults":{}}""")]
    public async Task MalformedAssertions_AreInvalidGrant_NeverAServerError(string phone, string assertion)
    {
        var (page, _) = await AuthenticatorPageAsync();
        await EnrolledUserAsync(page, phone);
        var token = (await SmsSignInAsync(phone))["mfa_token"]!.GetValue<string>();
        await PostAsync("connect/mfa/challenge", ("mfa_token", token), ("factor", "webauthn"));
        await Api.AssertOAuthErrorAsync(await GrantAsync(token, ("assertion", assertion)), "invalid_grant", HttpStatusCode.BadRequest);
        // A factor that is not offered: the challenge is refused as a bad request.
        await Api.AssertOAuthErrorAsync(await PostAsync("connect/mfa/challenge", ("mfa_token", token), ("factor", "webauthnx")),
            "invalid_request", HttpStatusCode.BadRequest);
    }

    private async Task<(IPage Page, VirtualAuthenticator Authenticator)> AuthenticatorPageAsync()
    {
        var page = await NewPageAsync();
        var authenticator = await VirtualAuthenticator.AttachAsync(page);
        await page.GotoAsync(server.Url("/t/keys/account/login"));
        return (page, authenticator);
    }

    private async Task<string> EnrolledUserAsync(IPage page, string phone)
    {
        var token = (await SmsSignInAsync(phone))["mfa_token"]!.GetValue<string>();
        var enroll = await Api.ReadJsonAsync(await PostAsync("connect/mfa/enroll", ("mfa_token", token), ("factor", "webauthn")));
        var done = await Api.ReadJsonAsync(await GrantAsync(token, ("attestation", await VirtualAuthenticator.CreateAsync(page, enroll["public_key"]!.ToJsonString()))));
        server.PassCooldown();
        return Jwt.Payload(done["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();
    }

    private async Task<string> AssertionAsync(IPage page, string token)
    {
        var options = await Api.ReadJsonAsync(await PostAsync("connect/mfa/challenge", ("mfa_token", token), ("factor", "webauthn")));
        return await VirtualAuthenticator.GetAsync(page, options["public_key"]!.ToJsonString());
    }

    private async Task<JsonNode> SmsSignInAsync(string phone)
    {
        var otp = await server.StartOkAsync("keys", phone);
        return await Api.ReadJsonAsync(await server.GrantAsync("keys", otp, SmsOutbox.LastCode(server.Factory, phone)));
    }

    private Task<HttpResponseMessage> GrantAsync(string token, params (string, string)[] answer) =>
        server.Api.TokenAsync("keys", [("grant_type", PasskeyFixture.MfaGrant), ("mfa_token", token), ("factor", "webauthn"),
            ("client_id", "mobile"), ("client_secret", server.Secrets["keys"]), .. answer]);

    private Task<HttpResponseMessage> PostAsync(string path, params (string, string)[] form) =>
        server.Api.Http.PostAsync($"/t/keys/{path}", new FormUrlEncodedContent(
            form.Select(f => KeyValuePair.Create(f.Item1, f.Item2)).Append(new("client_id", "mobile")).Append(new("client_secret", server.Secrets["keys"]))));

    private static string[] Methods(JsonNode answer) => answer["mfa_methods"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();

    private Api Api => server.Api;
}
