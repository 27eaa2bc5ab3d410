using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SmsSignIn;

public sealed class UserPhoneApiTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    [Fact]
    public async Task Phone_VerifiedByATextedCode_ThenUsableForSmsSignIn()
    {
        var id = await server.Api.CreateUserAsync("quick", "pat@quick.example", "Pat-Passw0rd!");
        var sent = await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/quick/users/{id}/phone", new { phone_number = "(415) 555-7101", verify = true });
        var otp = sent["otp_id"]!.GetValue<string>();
        var code = SmsOutbox.LastCode(server.Factory, "+14155557101");

        // A verification code never signs anyone in.
        var asSignIn = await server.GrantAsync("quick", otp, code);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(asSignIn))["error"]!.GetValue<string>());

        server.PassCooldown();
        var second = (await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/quick/users/{id}/phone", new { phone_number = "+14155557101", verify = true }))["otp_id"]!.GetValue<string>();
        var wrong = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/quick/users/{id}/phone/verify", new { otp_id = second, code = "000000" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var verified = await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/quick/users/{id}/phone/verify",
            new { otp_id = second, code = SmsOutbox.LastCode(server.Factory, "+14155557101") });
        Assert.Equal("+14155557101", verified["phone_number"]!.GetValue<string>());
        Assert.True(verified["phone_number_verified"]!.GetValue<bool>());
        // U2: the owner hears of it by email, with the phone masked.
        var mail = MailOutbox.To(server.Factory, "pat@quick.example").Single();
        Assert.Contains("text message", mail.Subject);
        Assert.Contains("+1******7101", mail.TextBody);

        server.PassCooldown();
        var signIn = await server.StartOkAsync("quick", "+14155557101");
        var tokens = await server.GrantAsync("quick", signIn, SmsOutbox.LastCode(server.Factory, "+14155557101"));
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.Null((await Api.ReadJsonAsync(tokens))["user_created"]);
    }

    [Fact]
    public async Task Phone_SetVerifiedByAnAdmin_AndRemoved()
    {
        var id = await server.Api.CreateUserAsync("quick", "sam@quick.example", "Sam-Passw0rd!");
        var set = await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/quick/users/{id}/phone", new { phone_number = "+14155557102", verify = false });
        Assert.True(set["phone_number_verified"]!.GetValue<bool>());
        Assert.Empty(SmsOutbox.To(server.Factory, "+14155557102"));
        Assert.Single(MailOutbox.To(server.Factory, "sam@quick.example"));

        Assert.Equal(HttpStatusCode.NoContent, (await server.Api.CallAsync(HttpMethod.Delete, $"/tenants/quick/users/{id}/phone")).StatusCode);
        var user = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/quick/users/{id}");
        Assert.Null(user["phone_number"]);
    }

    [Fact]
    public async Task U1_WhereTheTenantRequiresASecondFactor_APhoneNeedsANonSmsFactorFirst()
    {
        var id = await server.Api.CreateUserAsync("strict", "una@strict.example", "Una-Passw0rd!");
        var response = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/strict/users/{id}/phone", new { phone_number = "+14155557103", verify = false });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("second_factor_required", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Phone_Invalid_Is422_AndUnknownUser404()
    {
        var id = await server.Api.CreateUserAsync("quick", "val@quick.example", "Val-Passw0rd!");
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await server.Api.CallAsync(HttpMethod.Post, $"/tenants/quick/users/{id}/phone", new { phone_number = "letters", verify = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await server.Api.CallAsync(HttpMethod.Post, "/tenants/quick/users/nobody/phone", new { phone_number = "+14155557104", verify = true })).StatusCode);
    }
}
