using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.Mfa;

/// <summary>SPEC 4.3 + 5 through HTTP: SMS sign-up in a tenant that requires a second factor, TOTP enrolled in the flow, then used.</summary>
public sealed class MfaOtpGrantTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    private const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";

    [Fact]
    public async Task SmsSignUp_EnrollsTotpInTheFlow_ThenTheNextSignInAsksForIt()
    {
        var first = await SmsSignInAsync("+14155559001");
        Assert.Equal("mfa_enrollment_required", first["error"]!.GetValue<string>());
        var enroll = await EnrollAsync(first["mfa_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, enroll.StatusCode);
        var enrolled = await Api.ReadJsonAsync(enroll);
        var secret = enrolled["secret"]!.GetValue<string>();
        Assert.StartsWith("otpauth://totp/", enrolled["otpauth_uri"]!.GetValue<string>());
        Assert.Contains("secret=" + secret, enrolled["otpauth_uri"]!.GetValue<string>());

        var tokens = await MfaGrantAsync(first["mfa_token"]!.GetValue<string>(), "totp", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        var body = await Api.ReadJsonAsync(tokens);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.True(body["user_created"]!.GetValue<bool>());
        var amr = Jwt.Amr(body["id_token"]!.GetValue<string>());
        Assert.Equal(["sms", "otp", "mfa"], amr);

        // Next sign-in: the user has TOTP now, so SMS is followed by it.
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SmsSignInAsync("+14155559001");
        Assert.Equal("mfa_required", second["error"]!.GetValue<string>());
        Assert.Equal(["totp", "recovery_code"], second["mfa_methods"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
        var code = TotpCodes.At(secret, server.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await MfaGrantAsync(second["mfa_token"]!.GetValue<string>(), "totp", code)).StatusCode);

        // The same TOTP code is never taken twice, even with a fresh mfa_token.
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var third = await SmsSignInAsync("+14155559001");
        var replay = await MfaGrantAsync(third["mfa_token"]!.GetValue<string>(), "totp", code);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(replay))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enrollment_ReturnsTenRecoveryCodesOnce_EachWorksOnce_AsAFallbackBesideTotp()
    {
        var first = await SmsSignInAsync("+14155559005");
        var token = first["mfa_token"]!.GetValue<string>();
        var secret = (await Api.ReadJsonAsync(await EnrollAsync(token)))["secret"]!.GetValue<string>();
        var enrolled = await Api.ReadJsonAsync(await MfaGrantAsync(token, "totp", TotpCodes.At(secret, server.Clock.GetUtcNow())));
        var codes = enrolled["recovery_codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(10, codes.Distinct().Count());

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SmsSignInAsync("+14155559005");
        Assert.Equal(["totp", "recovery_code"], second["mfa_methods"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
        var viaRecovery = await MfaGrantAsync(second["mfa_token"]!.GetValue<string>(), "recovery_code", codes[3].ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, viaRecovery.StatusCode);
        Assert.Null((await Api.ReadJsonAsync(viaRecovery))["recovery_codes"]);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await SmsSignInAsync("+14155559005");
        var reused = await MfaGrantAsync(third["mfa_token"]!.GetValue<string>(), "recovery_code", codes[3]);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(reused))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task UsedMfaToken_IsRefused_AndACodeOfAPreviousEnrollment_AfterAnAdminReset()
    {
        var first = await SmsSignInAsync("+14155559006");
        var token = first["mfa_token"]!.GetValue<string>();
        var oldSecret = (await Api.ReadJsonAsync(await EnrollAsync(token)))["secret"]!.GetValue<string>();
        var done = await MfaGrantAsync(token, "totp", TotpCodes.At(oldSecret, server.Clock.GetUtcNow()));
        var userId = Jwt.Payload((await Api.ReadJsonAsync(done))["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();
        var reused = await MfaGrantAsync(token, "totp", TotpCodes.At(oldSecret, server.Clock.GetUtcNow()));
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(reused))["error"]!.GetValue<string>());

        // The admin resets MFA; the user enrolls again; codes of the old secret no longer work.
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/strict/users/{userId}/mfa/reset");
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await SmsSignInAsync("+14155559006");
        Assert.Equal("mfa_enrollment_required", again["error"]!.GetValue<string>());
        var newToken = again["mfa_token"]!.GetValue<string>();
        var newSecret = (await Api.ReadJsonAsync(await EnrollAsync(newToken)))["secret"]!.GetValue<string>();
        Assert.NotEqual(oldSecret, newSecret);
        var stale = await MfaGrantAsync(newToken, "totp", TotpCodes.At(oldSecret, server.Clock.GetUtcNow()));
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(stale))["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await MfaGrantAsync(newToken, "totp", TotpCodes.At(newSecret, server.Clock.GetUtcNow()))).StatusCode);
    }

    [Fact]
    public async Task MfaToken_AllowsFiveTries_ThenIsDead_EvenForTheRightCode()
    {
        var first = await SmsSignInAsync("+14155559002");
        var token = first["mfa_token"]!.GetValue<string>();
        var secret = (await Api.ReadJsonAsync(await EnrollAsync(token)))["secret"]!.GetValue<string>();
        var right = TotpCodes.At(secret, server.Clock.GetUtcNow());
        var wrong = right == "000000" ? "111111" : "000000";
        // Five wrong codes use up the token's tries (asking for the enrollment is not a try).
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await MfaGrantAsync(token, "totp", wrong)).StatusCode);
        }
        var late = await Api.ReadJsonAsync(await MfaGrantAsync(token, "totp", right));
        Assert.Equal("invalid_grant", late["error"]!.GetValue<string>());
        Assert.Equal("The mfa_token is invalid or has expired.", late["error_description"]!.GetValue<string>());
    }

    [Fact]
    public async Task MfaToken_ExpiresAfterFiveMinutes_AndIsBoundToTenantAndClient()
    {
        var first = await SmsSignInAsync("+14155559003");
        var token = first["mfa_token"]!.GetValue<string>();
        var secret = (await Api.ReadJsonAsync(await EnrollAsync(token)))["secret"]!.GetValue<string>();

        var foreignTenant = await server.Api.TokenAsync("quick", ("grant_type", MfaGrant), ("mfa_token", token), ("factor", "totp"),
            ("code", TotpCodes.At(secret, server.Clock.GetUtcNow())), ("client_id", "mobile"), ("client_secret", server.Secrets["quick"]));
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(foreignTenant))["error"]!.GetValue<string>());

        server.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var expired = await MfaGrantAsync(token, "totp", TotpCodes.At(secret, server.Clock.GetUtcNow()));
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(expired))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task SecondFactor_IsNeverTheFirst_AndUnknownTokensAreRefused()
    {
        var first = await SmsSignInAsync("+14155559004");
        var sms = await MfaGrantAsync(first["mfa_token"]!.GetValue<string>(), "sms", "123456");
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(sms))["error"]!.GetValue<string>());
        var unknown = await MfaGrantAsync("not-a-token", "totp", "123456");
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(unknown))["error"]!.GetValue<string>());
        var noToken = await EnrollAsync("");
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    private async Task<JsonNode> SmsSignInAsync(string phone)
    {
        var otp = await server.StartOkAsync("strict", phone);
        var response = await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, phone));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }

    private Task<HttpResponseMessage> EnrollAsync(string token) =>
        server.Api.Http.PostAsync("/t/strict/connect/mfa/enroll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = token,
            ["factor"] = "totp",
            ["client_id"] = "mobile",
            ["client_secret"] = server.Secrets["strict"],
        }));

    private Task<HttpResponseMessage> MfaGrantAsync(string token, string factor, string code) =>
        server.Api.TokenAsync("strict", ("grant_type", MfaGrant), ("mfa_token", token), ("factor", factor), ("code", code),
            ("client_id", "mobile"), ("client_secret", server.Secrets["strict"]));
}
