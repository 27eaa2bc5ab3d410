using System.Net;
using IdentityServer.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityServer.Tests.SmsSignIn;

/// <summary>The SMS fixture's tenants on their own PostgreSQL database.</summary>
public sealed class SmsOnPostgreSqlFixture : SmsFixture
{
    protected override string Provider => "PostgreSql";
}

/// <summary>
/// The SMS sign-in's own SQL on PostgreSQL, in the same test process as the SQLite runs: the compiled
/// queries (user by phone, the phone's recent sends, the live code), the send counters and the
/// one-write sign-up.
/// </summary>
public sealed class SmsOnPostgreSqlTests(SmsOnPostgreSqlFixture server) : IClassFixture<SmsOnPostgreSqlFixture>
{
    [Fact]
    public async Task SignUp_SignInAgain_Cooldown_AndWrongCodes_WorkOnPostgreSql()
    {
        const string phone = "+14155559001";
        var otp = await server.StartOkAsync("quick", phone);
        var first = await server.GrantAsync("quick", otp, SmsOutbox.LastCode(server.Factory, phone));
        var body = await Api.ReadJsonAsync(first);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(body["user_created"]!.GetValue<bool>());

        // The resend cooldown comes from the phone's recent codes.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.StartAsync("quick", phone)).StatusCode);
        server.PassCooldown();

        var again = await server.StartOkAsync("quick", phone);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(await server.GrantAsync("quick", again, "000000x")))["error"]!.GetValue<string>());
        var second = await Api.ReadJsonAsync(await server.GrantAsync("quick", again, SmsOutbox.LastCode(server.Factory, phone)));
        Assert.Null(second["user_created"]);
        Assert.Equal(new JsonWebToken(body["access_token"]!.GetValue<string>()).Subject,
            new JsonWebToken(second["access_token"]!.GetValue<string>()).Subject);
        // A used code is not live any more.
        Assert.Equal(HttpStatusCode.BadRequest, (await server.GrantAsync("quick", again, SmsOutbox.LastCode(server.Factory, phone))).StatusCode);
    }
}
