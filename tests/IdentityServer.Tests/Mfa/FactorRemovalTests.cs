using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Tenancy.Settings;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Management;
using IdentityServer.Tests.SmsSignIn;

namespace IdentityServer.Tests.Mfa;

/// <summary>U3 (issue 12.12) in Mfa/FactorRemoval: the rule as a table, and the management API's MFA reset through it.</summary>
public sealed class FactorRemovalTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    [Theory]
    // factor, password?, phone?, totp?, email?, require second factor, expected refusal (null: allowed)
    [InlineData("totp", false, true, true, false, true, FactorRemoval.LastSecondFactor)]
    [InlineData("email", false, true, false, true, true, FactorRemoval.LastSecondFactor)]
    [InlineData("totp", false, true, true, true, true, null)]
    [InlineData("totp", true, true, true, false, true, null)]
    [InlineData("totp", false, true, true, false, false, null)]
    [InlineData("sms", false, true, true, false, true, FactorRemoval.LastWayIn)]
    [InlineData("sms", true, true, true, false, true, null)]
    public void Refusal_FollowsU3(string factor, bool password, bool phone, bool totp, bool email, bool requireSecond, string? expected)
    {
        var user = new PlatformUser
        {
            PasswordHash = password ? "hash" : null,
            PhoneNumber = phone ? "+14155550000" : null,
            PhoneNumberConfirmed = phone,
            TotpSecretProtected = totp ? "secret" : null,
            RecoveryCodeHashes = totp ? "a b" : null,
            Email = "u@example.test",
            EmailConfirmed = true,
            EmailMfaEnabled = email,
        };
        var settings = new TenantSettings();
        settings.SignIn.Sms.RequireSecondFactor = requireSecond;
        Assert.Equal(expected, FactorRemoval.Refusal(user, factor, settings));
    }

    [Theory]
    // issue 16: factor, password?, phone?, passkeys held, totp?, passkey sign-in on, expected refusal (null: allowed)
    [InlineData("webauthn", false, true, 1, false, false, FactorRemoval.LastSecondFactor)]
    [InlineData("webauthn", false, true, 2, false, false, null)]
    [InlineData("webauthn", false, true, 1, true, false, null)]
    [InlineData("webauthn", true, true, 1, false, true, null)]
    [InlineData("webauthn", false, false, 1, false, true, FactorRemoval.PasskeyIsOnlyWayIn)]
    [InlineData("webauthn", false, false, 2, false, true, null)]
    [InlineData("webauthn", false, true, 1, false, true, FactorRemoval.LastSecondFactor)]
    // A passkey that signs in on its own is a way in: the phone and the other factors may go.
    [InlineData("sms", false, true, 1, false, true, null)]
    [InlineData("totp", false, true, 1, true, true, null)]
    [InlineData("sms", false, true, 1, false, false, FactorRemoval.LastWayIn)]
    public void Refusal_FollowsU3_WithPasskeys(string factor, bool password, bool phone, int passkeys, bool totp, bool passkeySignIn, string? expected)
    {
        var user = new PlatformUser
        {
            PasswordHash = password ? "hash" : null,
            PhoneNumber = phone ? "+14155550000" : null,
            PhoneNumberConfirmed = phone,
            TotpSecretProtected = totp ? "secret" : null,
            PasskeyCount = passkeys,
        };
        var settings = new TenantSettings();
        settings.Mfa.Factors = [MfaFactor.WebAuthn, MfaFactor.Totp, MfaFactor.RecoveryCode];
        settings.SignIn.Passkey.Enabled = passkeySignIn;
        Assert.Equal(expected, FactorRemoval.Refusal(user, factor, settings));
    }

    [Fact]
    public void Refusal_CountsOnlyFactorsTheTenantAccepts_AndAPasswordOnlyWhenPasswordSignInIsOn()
    {
        var user = new PlatformUser
        {
            PasswordHash = "hash",
            PhoneNumber = "+14155550000",
            PhoneNumberConfirmed = true,
            TotpSecretProtected = "secret",
            Email = "u@example.test",
            EmailConfirmed = true,
            EmailMfaEnabled = true,
        };
        var settings = new TenantSettings();
        settings.SignIn.Password.Enabled = false;
        settings.Mfa.Factors = [MfaFactor.Totp, MfaFactor.RecoveryCode];
        Assert.Equal(FactorRemoval.LastSecondFactor, FactorRemoval.Refusal(user, MfaFactor.Totp, settings));
        Assert.Null(FactorRemoval.Refusal(user, MfaFactor.Email, settings));
    }

    [Fact]
    public async Task MfaReset_OfAPhoneOnlyUser_WhoCouldNotEnrollAgain_IsRefusedWithTheReason()
    {
        await server.Api.CreateTenantAsync("resetrule");
        var settings = await server.Api.CallOkAsync(HttpMethod.Get, "/tenants/resetrule/settings");
        settings["sign_in"]!["sms"]!["enabled"] = true;
        settings["sign_in"]!["sms"]!["sign_up"] = true;
        await server.Api.CallOkAsync(HttpMethod.Put, "/tenants/resetrule/settings", settings.ToJsonString());
        var secret = (await server.Api.CreateClientAsync("resetrule", "mobile", [SmsFixture.SmsGrant, "refresh_token"]))!;
        server.Secrets["resetrule"] = secret;
        var userId = await SignUpWithTotpAsync("resetrule", secret, "+14155558201");

        // The tenant stops offering TOTP: a reset would leave this SMS-only user no way to sign in.
        settings["sign_in"]!["sms"]!["sign_up"] = false;
        settings["mfa"]!["factors"] = new JsonArray("email", "recovery_code");
        await server.Api.CallOkAsync(HttpMethod.Put, "/tenants/resetrule/settings", settings.ToJsonString());
        var reset = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/resetrule/users/{userId}/mfa/reset");
        Assert.Equal(HttpStatusCode.Conflict, reset.StatusCode);
        Assert.Equal("application/problem+json", reset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lock them out", (await Api.ReadJsonAsync(reset))["detail"]!.GetValue<string>());
        var user = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/resetrule/users/{userId}");
        Assert.Contains("totp", user["factors"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task MfaReset_OfAUserWithAPassword_DoesNotLetTheirPhoneAloneEnrollANewFactor()
    {
        var id = await server.Api.CreateUserAsync("strict", "ivo@strict.example", "Ivo-Passw0rd!");
        await FixtureDatabase.ExecuteAsync(server, "UPDATE AspNetUsers SET EmailMfaEnabled = 1, EmailConfirmed = 1, PhoneNumber = '+14155558202', PhoneNumberConfirmed = 1 WHERE Id = $id", ("$id", id));
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/strict/users/{id}/mfa/reset");

        // U3: SMS sign-in stops until they enroll again after their password; no code is texted, no enrollment offered.
        var sent = SmsOutbox.To(server.Factory, "+14155558202").Count;
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("strict", "+14155558202")).StatusCode);
        Assert.Equal(sent, SmsOutbox.To(server.Factory, "+14155558202").Count);
    }

    private async Task<string> SignUpWithTotpAsync(string tenant, string secret, string phone)
    {
        var otp = await server.StartOkAsync(tenant, phone);
        var first = await Api.ReadJsonAsync(await server.GrantAsync(tenant, otp, SmsOutbox.LastCode(server.Factory, phone), secret: secret));
        var token = first["mfa_token"]!.GetValue<string>();
        var enroll = await server.Api.Http.PostAsync($"/t/{tenant}/connect/mfa/enroll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = token,
            ["factor"] = "totp",
            ["client_id"] = "mobile",
            ["client_secret"] = secret,
        }));
        var totp = (await Api.ReadJsonAsync(enroll))["secret"]!.GetValue<string>();
        var done = await Api.ReadJsonAsync(await server.Api.TokenAsync(tenant, ("grant_type", "urn:identity-platform:grant-type:mfa-otp"),
            ("mfa_token", token), ("factor", "totp"), ("code", TotpCodes.At(totp, server.Clock.GetUtcNow())), ("client_id", "mobile"), ("client_secret", secret)));
        return Jwt.Payload(done["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();
    }
}
