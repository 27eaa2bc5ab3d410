using System.Net;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Management;

namespace IdentityServer.Tests.SmsSignIn;

/// <summary>
/// Issue 12 point 11 (SPEC 6, U1 and U2 on every path): POST and PUT /users with phone fields
/// apply the rules of POST .../phone, and read numbers as SMS sign-in does.
/// "strict" requires a second factor for SMS; "quick" does not.
/// </summary>
public sealed class UsersApiPhoneRulesTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    private Api Api => server.Api;

    private static async Task AssertSecondFactorRequiredAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("second_factor_required", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task U1_UsersPost_WithAPhone_WhereASecondFactorIsRequired_Is409_AndCreatesNobody()
    {
        var response = await Api.CallAsync(HttpMethod.Post, "/tenants/strict/users",
            new { email = "u1post@strict.example", phone_number = "+14155557301", phone_number_verified = true });

        await AssertSecondFactorRequiredAsync(response);
        var found = await Api.CallOkAsync(HttpMethod.Get, "/tenants/strict/users?search=u1post");
        Assert.Equal(0, found["total"]!.GetValue<int>());
        Assert.Empty(MailOutbox.To(server.Factory, "u1post@strict.example"));
    }

    [Fact]
    public async Task U1_UsersPut_SettingAPhone_WhereASecondFactorIsRequired_Is409_AndChangesNothing()
    {
        var id = await Api.CreateUserAsync("strict", "u1put@strict.example", "U1put-Passw0rd!");

        foreach (var body in new object[]
                 {
                     new { phone_number = "+14155557302", phone_number_verified = true },
                     new { phone_number = "+14155557302" },
                 })
        {
            await AssertSecondFactorRequiredAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/strict/users/{id}", body));
        }
        var user = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/strict/users/{id}");
        Assert.Null(user["phone_number"]);
        // Other changes still go through.
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/strict/users/{id}", new { given_name = "Una" });
    }

    [Fact]
    public async Task U2_UsersPostAndPut_SettingAVerifiedPhone_EmailTheOwner_Once()
    {
        var created = await Api.CallOkAsync(HttpMethod.Post, "/tenants/quick/users",
            new { email = "u2post@quick.example", phone_number = "(415) 555-7303", phone_number_verified = true });
        // Read as SMS sign-in reads it: any notation, the tenant's region, E.164 out.
        Assert.Equal("+14155557303", created["phone_number"]!.GetValue<string>());
        var mail = Assert.Single(MailOutbox.To(server.Factory, "u2post@quick.example"));
        Assert.Contains("+1******7303", mail.TextBody);

        var id = await Api.CreateUserAsync("quick", "u2put@quick.example", "U2put-Passw0rd!");
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/quick/users/{id}", new { phone_number = "+14155557304" });
        Assert.Empty(MailOutbox.To(server.Factory, "u2put@quick.example"));
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/quick/users/{id}", new { phone_number_verified = true });
        Assert.Single(MailOutbox.To(server.Factory, "u2put@quick.example"));
        // A change that does not set SMS sign-in up sends nothing more.
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/quick/users/{id}", new { given_name = "Quinn", phone_number = "+14155557304" });
        Assert.Single(MailOutbox.To(server.Factory, "u2put@quick.example"));
    }

    [Theory]
    [InlineData("+15555550100")] // possible but not a valid number: accepted by the old E.164 check
    [InlineData("+447700900123")] // valid, but GB is not among quick's countries
    [InlineData("letters")]
    public async Task UsersPostAndPut_TakeOnlyNumbersSmsSignInTakes(string phone)
    {
        var post = await Api.CallAsync(HttpMethod.Post, "/tenants/quick/users", new { email = $"p{phone.Length}{phone[^3..]}@quick.example", phone_number = phone });
        var problem = await ManagementAssert.ProblemAsync(post, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["phone_number"]);

        var id = await Api.CreateUserAsync("quick", $"q{phone.Length}{phone[^3..]}@quick.example", "Val-Passw0rd!");
        var put = await Api.CallAsync(HttpMethod.Put, $"/tenants/quick/users/{id}", new { phone_number = phone });
        Assert.NotNull((await ManagementAssert.ProblemAsync(put, HttpStatusCode.UnprocessableEntity))["errors"]!["phone_number"]);
    }
}
