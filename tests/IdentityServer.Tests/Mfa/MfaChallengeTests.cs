using System.Net;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Management;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.Mfa;

/// <summary>SPEC 5: connect/mfa/challenge sends an email code that the mfa-otp grant takes; never SMS after SMS.</summary>
public sealed class MfaChallengeTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    private const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";

    [Fact]
    public async Task SmsFirst_ThenAnEmailCode_CompletesTheSignIn_AndSmsAsSecondFactorIsRefused()
    {
        var id = await server.Api.CreateUserAsync("strict", "eve@strict.example", "Eve-Passw0rd!");
        // Arranged in the database: email codes opted in (the security page's switch), a verified phone.
        await FixtureDatabase.ExecuteAsync(server, "UPDATE AspNetUsers SET EmailMfaEnabled = 1, PhoneNumber = '+14155559101', PhoneNumberConfirmed = 1 WHERE Id = $id", ("$id", id));

        var otp = await server.StartOkAsync("strict", "+14155559101");
        var first = await Api.ReadJsonAsync(await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, "+14155559101")));
        Assert.Equal("mfa_required", first["error"]!.GetValue<string>());
        Assert.Equal(["email"], first["mfa_methods"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());
        var token = first["mfa_token"]!.GetValue<string>();

        var sms = await ChallengeAsync(token, "sms");
        Assert.Equal(HttpStatusCode.BadRequest, sms.StatusCode);
        Assert.Equal("invalid_request", (await Api.ReadJsonAsync(sms))["error"]!.GetValue<string>());

        var email = await ChallengeAsync(token, "email");
        Assert.Equal(HttpStatusCode.OK, email.StatusCode);
        var code = MailOutbox.SingleCode(server.Factory, "eve@strict.example");

        var tokens = await server.Api.TokenAsync("strict", ("grant_type", MfaGrant), ("mfa_token", token), ("factor", "email"), ("code", code),
            ("client_id", "mobile"), ("client_secret", server.Secrets["strict"]));
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.Equal(["sms", "otp", "mfa"], Jwt.Amr((await Api.ReadJsonAsync(tokens))["id_token"]!.GetValue<string>()));
    }

    private Task<HttpResponseMessage> ChallengeAsync(string token, string factor) =>
        server.Api.Http.PostAsync("/t/strict/connect/mfa/challenge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = token,
            ["factor"] = factor,
            ["client_id"] = "mobile",
            ["client_secret"] = server.Secrets["strict"],
        }));
}
