using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.SmsSignIn;

public sealed class SmsStartTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    [Fact]
    public async Task Start_ReturnsTheContractShape_AndTextsACodeNamingTheTenant_WithTheWebOtpLine()
    {
        var response = await server.StartAsync("quick", "+1 (415) 555-2671", extra: ("locale", "fr-FR"));
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["code_length", "expires_in", "otp_id", "resend_after"], body.AsObject().Select(p => p.Key).Order().ToArray());
        Assert.Equal(120, body["expires_in"]!.GetValue<int>());
        Assert.Equal(30, body["resend_after"]!.GetValue<int>());
        Assert.Equal(6, body["code_length"]!.GetValue<int>());
        var sms = SmsOutbox.To(server.Factory, "+14155552671").Single();
        var text = sms["text"]!.GetValue<string>();
        Assert.Contains("QUICK", text);
        Assert.Contains("code de connexion", text);
        Assert.Matches(@"\n@localhost #\d{6}$", text);
        Assert.Equal("quick", sms["tenant"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_WithNonAsciiDigits_IsNormalisedToE164()
    {
        await server.StartOkAsync("quick", "+١ ٤١٥ ٥٥٥ ٠١٩٧");
        Assert.Single(SmsOutbox.To(server.Factory, "+14155550197"));
    }

    [Fact]
    public async Task Start_NationalNotation_IsNormalisedWithTheDefaultRegion()
    {
        await server.StartOkAsync("quick", "(415) 555-0199");
        Assert.Single(SmsOutbox.To(server.Factory, "+14155550199"));
    }

    [Fact]
    public async Task Start_ForUnknownPhone_WithoutSignUp_ReturnsSameShape_AndSendsNothing()
    {
        await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/nosignup/users", new { phone_number = "+14155550124", phone_number_verified = true });
        var known = await Api.ReadJsonAsync(await server.StartAsync("nosignup", "+14155550124"));
        var unknown = await Api.ReadJsonAsync(await server.StartAsync("nosignup", "+14155550123"));
        Assert.Equal(known.AsObject().Select(p => p.Key).Order(), unknown.AsObject().Select(p => p.Key).Order());
        Assert.Equal(known["expires_in"]!.GetValue<int>(), unknown["expires_in"]!.GetValue<int>());
        Assert.Single(SmsOutbox.To(server.Factory, "+14155550124"));
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155550123"));
        // Its otp_id leads nowhere, with the same error as a wrong code.
        var grant = await server.GrantAsync("nosignup", unknown["otp_id"]!.GetValue<string>(), "123456");
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(grant))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_ForUnknownPhone_WithSignUpAndARequiredSecondFactor_TextsTheCode()
    {
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("strict", "+14155550125")).StatusCode);
        Assert.Single(SmsOutbox.To(server.Factory, "+14155550125"));
    }

    [Fact]
    public async Task Start_WhenTenantHasSmsOff_IsAccessDenied()
    {
        var response = await server.StartAsync("closed", "+14155552672");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("access_denied", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155552672"));
    }

    [Fact]
    public async Task Start_ClientWithoutTheSmsGrant_IsUnauthorizedClient()
    {
        var secret = (await server.Api.CallOkAsync(HttpMethod.Post, "/tenants/quick/clients", new
        {
            client_id = "web-only",
            type = "confidential",
            grant_types = new[] { "client_credentials" },
            scopes = Array.Empty<string>(),
        }))["client_secret"]!.GetValue<string>();
        var response = await server.StartAsync("quick", "+14155552673", "web-only", secret);
        Assert.Equal("unauthorized_client", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_WithAWrongSecret_IsInvalidClient()
    {
        var response = await server.StartAsync("quick", "+14155552674", "mobile", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
    }

    public static TheoryData<string> BadPhones => new()
    {
        "", "+", "letters", "+1 415 555 26", "+14155552671" + new string('9', 10_000), "+١٤١٥", "电话",
        // A UK number where only US, FR and DE are allowed; a US landline-only toll-free number; a premium-rate number.
        "+447700900123", "+18005550199", "+19005550123",
    };

    [Theory]
    [MemberData(nameof(BadPhones))]
    public async Task Start_WithABadPhoneNumber_IsInvalidRequest(string phone)
    {
        var response = await server.StartAsync("quick", phone);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_AgainWithinTheCooldown_IsSlowDownWithRetryAfter_AndWorksAfterIt()
    {
        await server.StartOkAsync("quick", "+14155552675");
        var again = await server.StartAsync("quick", "+14155552675");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("slow_down", (await Api.ReadJsonAsync(again))["error"]!.GetValue<string>());
        var wait = int.Parse(again.Headers.GetValues("Retry-After").Single());
        Assert.InRange(wait, 1, 30);

        server.Clock.Advance(TimeSpan.FromSeconds(wait));
        Assert.Equal(HttpStatusCode.OK, (await server.StartAsync("quick", "+14155552675")).StatusCode);
    }

    [Fact]
    public async Task Start_BeyondTheHourlyLimitPerPhone_IsSlowDown()
    {
        for (var i = 0; i < 5; i++)
        {
            await server.StartOkAsync("quick", "+14155552676");
            server.PassCooldown();
        }
        var response = await server.StartAsync("quick", "+14155552676");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) > 60);
    }

    [Fact]
    public async Task TestNumber_TakesItsFixedCode_AndNoSmsIsSent()
    {
        var otp = await server.StartOkAsync("quick", "+15555550100");
        Assert.Empty(SmsOutbox.To(server.Factory, "+15555550100"));
        var response = await server.GrantAsync("quick", otp, "123456");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        server.PassCooldown();
    }

    [Fact]
    public async Task Code_IsStoredOnlyAsAKeyedHash()
    {
        var otp = await server.StartOkAsync("quick", "+14155552677");
        var code = SmsOutbox.LastCode(server.Factory, "+14155552677");
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.Factory.DataDirectory, "identity.db")}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT CodeHash FROM OneTimeCodes WHERE Id = $id";
        command.Parameters.AddWithValue("$id", otp);
        var hash = (string)(await command.ExecuteScalarAsync())!;
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(code, hash);
    }
}

public sealed class StoredSettingsBreakingP1Tests(SmsFixture server) : IClassFixture<SmsFixture>
{
    [Fact]
    public async Task SettingsEditedInTheDatabaseToBreakP1_MakeSmsSignInBehaveAsOff()
    {
        // A manual edit the API would refuse: SMS on, second factor required, no TOTP or email factor.
        await Management.FixtureDatabase.ExecuteAsync(server,
            "UPDATE Tenants SET SettingsJson = replace(SettingsJson, '\"factors\":[\"totp\",\"recovery_code\",\"email\"]', '\"factors\":[\"recovery_code\"]') WHERE Id = 'strict'");
        server.Factory.Services.GetRequiredService<IdentityServer.Tenancy.TenantDirectory>().Invalidate("strict");
        var response = await server.StartAsync("strict", "+14155558301");
        Assert.Equal("access_denied", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155558301"));
    }
}
