using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.Tests.SmsSignIn;

public sealed class SmsOtpGrantTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    private const string InvalidCode = "The code is invalid or has expired.";

    [Fact]
    public async Task FirstSignIn_CreatesTheUserAfterTheCode_AndIssuesTokensWithPhoneClaimsAndSmsAmr()
    {
        var otp = await server.StartOkAsync("quick", "+14155553001", ("first_name", "Ada"), ("last_name", "Lovelace"));
        // Nobody is created by the start alone.
        var before = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/users?search=%2B14155553001");
        Assert.Equal(0, before["total"]!.GetValue<int>());

        var response = await server.GrantAsync("quick", otp, SmsOutbox.LastCode(server.Factory, "+14155553001"));
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body["user_created"]!.GetValue<bool>());
        Assert.NotNull(body["refresh_token"]);
        var id = new JsonWebToken(body["id_token"]!.GetValue<string>());
        Assert.Equal("+14155553001", id.GetClaim("phone_number").Value);
        Assert.Equal("true", id.GetClaim("phone_number_verified").Value);
        Assert.Equal(["sms"], Jwt.Amr(body["id_token"]!.GetValue<string>()));

        var users = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/users?search=%2B14155553001");
        var user = users["items"]!.AsArray().Single()!;
        Assert.Equal("Ada", user["given_name"]!.GetValue<string>());
        Assert.True(user["phone_number_verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SecondSignIn_OfTheSamePhone_IsTheSameUser_WithoutUserCreated()
    {
        var first = await SignInAsync("+14155553002");
        server.PassCooldown();
        var second = await SignInAsync("+14155553002");
        Assert.Null(second["user_created"]);
        Assert.Equal(new JsonWebToken(first["access_token"]!.GetValue<string>()).Subject, new JsonWebToken(second["access_token"]!.GetValue<string>()).Subject);
    }

    [Fact]
    public async Task WrongExpiredUsedAndUnknownCodes_AllGiveTheSameInvalidGrant()
    {
        var otp = await server.StartOkAsync("quick", "+14155553003");
        var code = SmsOutbox.LastCode(server.Factory, "+14155553003");
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", otp, code == "000000" ? "111111" : "000000"));
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", "unknown-otp-id", code));
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", otp, code[..3] + " " + code[3..]));
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", otp, code + "7"));
        Assert.Equal(HttpStatusCode.OK, (await server.GrantAsync("quick", otp, code)).StatusCode);
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", otp, code));

        server.PassCooldown();
        var late = await server.StartOkAsync("quick", "+14155553003");
        var lateCode = SmsOutbox.LastCode(server.Factory, "+14155553003");
        server.Clock.Advance(TimeSpan.FromSeconds(121));
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", late, lateCode));
    }

    [Fact]
    public async Task ANewStart_VoidsTheEarlierCode()
    {
        var first = await server.StartOkAsync("quick", "+14155553004");
        var firstCode = SmsOutbox.LastCode(server.Factory, "+14155553004");
        server.PassCooldown();
        var second = await server.StartOkAsync("quick", "+14155553004");
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", first, firstCode));
        Assert.Equal(HttpStatusCode.OK, (await server.GrantAsync("quick", second, SmsOutbox.LastCode(server.Factory, "+14155553004"))).StatusCode);
    }

    [Fact]
    public async Task AfterMaxAttempts_TheRightCodeNoLongerWorks()
    {
        var otp = await server.StartOkAsync("quick", "+14155553005");
        var code = SmsOutbox.LastCode(server.Factory, "+14155553005");
        var wrong = code == "999999" ? "888888" : "999999";
        for (var i = 0; i < 5; i++)
        {
            await AssertInvalidGrantAsync(await server.GrantAsync("quick", otp, wrong));
        }
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", otp, code));
    }

    [Fact]
    public async Task HundredParallelAttempts_EvaluateExactlyMaxAttempts_AndAtMostOneSucceeds()
    {
        var otp = await server.StartOkAsync("quick", "+14155553006");
        var code = SmsOutbox.LastCode(server.Factory, "+14155553006");
        var wrong = code == "999999" ? "888888" : "999999";
        // Four wrong guesses race with the right one and 95 more wrong ones.
        var attempts = Enumerable.Range(0, 100).Select(i => server.GrantAsync("quick", otp, i == 50 ? code : wrong)).ToList();
        var responses = await Task.WhenAll(attempts);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"status {(int)r.StatusCode}"));
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.OK), 0, 1);

        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.Factory.DataDirectory, "identity.db")}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT Attempts FROM OneTimeCodes WHERE Id = $id";
        command.Parameters.AddWithValue("$id", otp);
        Assert.Equal(5L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task OtpIdOfAnotherClient_OrAnotherTenant_IsInvalidGrant()
    {
        var otp = await server.StartOkAsync("quick", "+14155553007");
        var code = SmsOutbox.LastCode(server.Factory, "+14155553007");
        var other = (await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/quick/clients", new
        {
            client_id = "other-mobile",
            type = "confidential",
            grant_types = new[] { SmsFixture.SmsGrant },
            scopes = new[] { "openid", "phone" },
        }))["client_secret"]!.GetValue<string>();
        await AssertInvalidGrantAsync(await server.GrantAsync("quick", otp, code, "other-mobile", other, "openid phone"));
        await AssertInvalidGrantAsync(await server.GrantAsync("strict", otp, code));
    }

    [Fact]
    public async Task StrictTenant_NewUser_MustEnrollTotp_WithAnMfaToken()
    {
        var otp = await server.StartOkAsync("strict", "+14155553008");
        var response = await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, "+14155553008"));
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("mfa_enrollment_required", body["error"]!.GetValue<string>());
        Assert.Equal(["totp"], body["mfa_methods"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
        Assert.True(body["mfa_token"]!.GetValue<string>().Length >= 40);
        Assert.Null(body["access_token"]);
    }

    [Fact]
    public async Task StrictTenant_ExistingUserWithoutSecondFactor_GetsNoSms_ButTheSameAnswer()
    {
        // U1 keeps such a user from being made now: they date from before the requirement was switched on.
        var settings = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/strict/settings");
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        await server.Api.CallOkAsync(HttpMethod.Put, "/tenants/strict/settings", settings.ToJsonString());
        await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/strict/users", new
        {
            email = "nofactor@strict.example",
            phone_number = "+14155553009",
            phone_number_verified = true,
            password = "Str1ct-Passw0rd!",
        });
        settings["sign_in"]!["sms"]!["require_second_factor"] = true;
        await server.Api.CallOkAsync(HttpMethod.Put, "/tenants/strict/settings", settings.ToJsonString());
        var response = await server.StartAsync("strict", "+14155553009");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Api.ReadJsonAsync(response))["otp_id"]);
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155553009"));
    }

    [Fact]
    public async Task AccessAndIdTokens_OfTheGrantAndOfItsRefresh_AreRs256_WithKeysOfTheJwks_WhichPublishesNoSecretKey()
    {
        // Refresh tokens are signed with a secret HMAC key now; what others validate must stay RS256.
        var signIn = await SignInAsync("+14155553011");
        var refresh = await server.Api.TokenAsync("quick", ("grant_type", "refresh_token"),
            ("refresh_token", signIn["refresh_token"]!.GetValue<string>()), ("client_id", "mobile"), ("client_secret", server.Secrets["quick"]));
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var refreshed = await Api.ReadJsonAsync(refresh);
        // The rotated refresh token is accepted in turn.
        var again = await server.Api.TokenAsync("quick", ("grant_type", "refresh_token"),
            ("refresh_token", refreshed["refresh_token"]!.GetValue<string>()), ("client_id", "mobile"), ("client_secret", server.Secrets["quick"]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var discovery = JsonNode.Parse(await server.Api.Http.GetStringAsync("/t/quick/.well-known/openid-configuration"))!;
        var jwksJson = await server.Api.Http.GetStringAsync(new Uri(discovery["jwks_uri"]!.GetValue<string>()).PathAndQuery);
        var jwks = new JsonWebKeySet(jwksJson);
        Assert.All(jwks.Keys, k => Assert.Equal("RSA", k.Kty));
        Assert.DoesNotContain("\"oct\"", jwksJson);
        Assert.Equal(["RS256"], discovery["id_token_signing_alg_values_supported"]!.AsArray().Select(a => a!.GetValue<string>()));
        foreach (var (token, audience) in new[]
                 {
                     (signIn["access_token"]!, (string?)null), (signIn["id_token"]!, "mobile"),
                     (refreshed["access_token"]!, null), (refreshed["id_token"]!, "mobile"),
                 })
        {
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.GetValue<string>(), new TokenValidationParameters
            {
                ValidIssuer = discovery["issuer"]!.GetValue<string>(),
                ValidateAudience = audience is not null,
                ValidAudience = audience,
                IssuerSigningKeys = jwks.GetSigningKeys(),
                ValidAlgorithms = ["RS256"],
                // The server runs on the fixture's fake clock, hours behind the real one.
                ValidateLifetime = false,
            });
            Assert.True(result.IsValid, result.Exception?.Message);
        }
    }

    [Fact]
    public async Task SignUpSignIn_WritesTwice_AndItsRefreshOnce()
    {
        // The grant: the code's counted try, then the user, its audit events, the authorization and
        // the refresh token in one save. A refresh: the old token redeemed and the new one in one save.
        // The tenant's first token makes its signing keys (a write of its own, SPEC 9): not counted here.
        await SignInAsync("+14155553112");
        var otp = await server.StartOkAsync("quick", "+14155553012");
        var code = SmsOutbox.LastCode(server.Factory, "+14155553012");
        var before = server.Factory.Writes.Count;
        var response = await server.GrantAsync("quick", otp, code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var signIn = await Api.ReadJsonAsync(response);
        Assert.True(signIn["user_created"]!.GetValue<bool>());
        // Without the hot path: the grant's unit, then OpenIddict's own saves (authorization, token rows).
        var hot = HotPathSwitch.Enabled;
        Assert.Equal(hot ? 2 : 6, server.Factory.Writes.Count - before);

        before = server.Factory.Writes.Count;
        var refresh = await RefreshAsync(signIn["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(hot ? 1 : 5, server.Factory.Writes.Count - before);
        // What the one save wrote is all there: the user, and the audit trail of the sign-in.
        var users = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/users?search=%2B14155553012");
        var userId = users["items"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var audit = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/quick/audit?page_size=200");
        var actions = audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>() + " " + e["actor"]!.GetValue<string>()
            + " " + e["target"]?.GetValue<string>()).ToList();
        Assert.Contains(actions, a => a.StartsWith("sms.code_verified client:mobile", StringComparison.Ordinal));
        // A phone-only user is named by their masked phone (Audit/AuditActor); the target is their id.
        Assert.Contains("sign_in.decision +1******3012 user:" + userId, actions);
    }

    [Fact]
    public async Task OneRefreshToken_UsedTwelveTimesAtOnce_SucceedsOnce_AndTheOthersAreInvalidGrant()
    {
        var signIn = await SignInAsync("+14155553013");
        var token = signIn["refresh_token"]!.GetValue<string>();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => RefreshAsync(token)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var failed in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
            Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(failed))["error"]!.GetValue<string>());
        }
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        server.Api.TokenAsync("quick", ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", "mobile"), ("client_secret", server.Secrets["quick"]));

    private async Task<JsonNode> SignInAsync(string phone)
    {
        var otp = await server.StartOkAsync("quick", phone);
        var response = await server.GrantAsync("quick", otp, SmsOutbox.LastCode(server.Factory, phone));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }

    private static async Task AssertInvalidGrantAsync(HttpResponseMessage response)
    {
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        Assert.Equal(InvalidCode, body["error_description"]!.GetValue<string>());
    }

}
