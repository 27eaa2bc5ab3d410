using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Fleet;

/// <summary>
/// SPEC 9: three server processes on one PostgreSQL and one Redis, every step of every flow sent to the
/// next node. One test kills a node with SIGKILL in the middle of flows (it stays dead for the tests after it).
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ThreeNodeFleetTests(ThreeNodesWithRedis fleet) : IClassFixture<ThreeNodesWithRedis>
{
    private const string Password = "Fleet-Passw0rd!";

    [Fact]
    public async Task EveryFlow_CompletesWithEachStepOnTheNextNode()
    {
        using var http = fleet.Client(cookies: true);
        // Management API: each call on the next node sees what the one before wrote.
        var email = "ann@fleet.example";
        var id = await fleet.Api.CreateUserAsync(FleetFixture.Tenant, email, Password);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(email, (await fleet.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{FleetFixture.Tenant}/users/{id}"))["email"]!.GetValue<string>());
        }

        // Code + PKCE through the hosted pages, then refresh and userinfo on every node.
        var tokens = await FleetFlows.CodeFlowAsync(fleet, http, email, Password);
        var refreshed = await Api.ReadJsonAsync(await FleetFlows.RefreshAsync(fleet, http, "web", tokens["refresh_token"]!.GetValue<string>()));
        Assert.NotNull(refreshed["access_token"]);
        foreach (var node in fleet.Nodes.Where(n => n.Alive))
        {
            Assert.Equal(HttpStatusCode.OK, await FleetFlows.UserInfoAsync(node.Client(), refreshed["access_token"]!.GetValue<string>()));
        }

        // SMS sign-up with TOTP enrolled in the flow, then a refresh.
        var (sms, secret) = await FleetFlows.SmsSignUpWithTotpAsync(fleet, http, "+14155557001");
        Assert.Equal(HttpStatusCode.OK, (await FleetFlows.RefreshAsync(fleet, http, "mobile", sms["refresh_token"]!.GetValue<string>())).StatusCode);
        Assert.False(string.IsNullOrEmpty(secret));

        // An MFA challenge by email after an SMS first factor.
        var eve = await fleet.Api.CreateUserAsync(FleetFixture.Tenant, "eve@fleet.example", Password);
        await fleet.ExecuteAsync("""UPDATE "AspNetUsers" SET "EmailMfaEnabled" = true, "PhoneNumber" = '+14155557002', "PhoneNumberConfirmed" = true WHERE "Id" = @id""", ("id", eve));
        var otp = await FleetFlows.SmsStartAsync(fleet, http, "+14155557002");
        var first = await Api.ReadJsonAsync(await fleet.SmsGrantAsync(http, otp, (await fleet.SmsCodesAsync("+14155557002")).Last()));
        Assert.Equal("mfa_required", first["error"]?.GetValue<string>());
        var ticket = first["mfa_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await fleet.MobilePostAsync(http, "connect/mfa/challenge", ("mfa_token", ticket), ("factor", "email"))).StatusCode);
        var mailed = (await fleet.MailCodesAsync("eve@fleet.example")).Single();
        Assert.Equal(HttpStatusCode.OK, (await FleetFlows.MfaGrantAsync(fleet, http, ticket, "email", mailed)).StatusCode);

        // Management API changes: an update made on one node is read back on the others, then the delete.
        await fleet.Api.CallOkAsync(HttpMethod.Patch, $"/tenants/{FleetFixture.Tenant}/users/{id}", new { given_name = "Annie" });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Annie", (await fleet.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{FleetFixture.Tenant}/users/{id}"))["given_name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task LimitsCountAcrossNodes_ThirtyParallelStartsSendOne_TwentyParallelWrongCodesNeverUnlockTheCode()
    {
        using var http = fleet.Client();
        const string phone = "+14155557101";
        var starts = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => fleet.SmsStartAsync(http, phone)));
        Assert.Equal(1, starts.Count(s => s.StatusCode == HttpStatusCode.OK));
        Assert.All(starts.Where(s => s.StatusCode != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.TooManyRequests, s.StatusCode));
        var otp = (await Api.ReadJsonAsync(starts.Single(s => s.StatusCode == HttpStatusCode.OK)))["otp_id"]!.GetValue<string>();
        var code = (await fleet.SmsCodesAsync(phone)).Single();

        // Five tries per code (SPEC 4.2), counted in the database whichever node takes the try.
        var wrong = code == "000000" ? "111111" : "000000";
        var tries = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fleet.SmsGrantAsync(http, otp, wrong)));
        Assert.All(tries, t => Assert.Equal(HttpStatusCode.BadRequest, t.StatusCode));
        await Api.AssertOAuthErrorAsync(await fleet.SmsGrantAsync(http, otp, code), "invalid_grant");
    }

    [Fact]
    public async Task AClientChange_AndASettingsChange_ReachEveryNodesTokenEndpoint_WithinOneSecond()
    {
        var secret = (await fleet.Api.CreateClientAsync(FleetFixture.Tenant, "svc-change", ["client_credentials"], scopes: ["orders"]))!;
        var nodes = fleet.Nodes.Where(n => n.Alive).Select(FleetFixture.At).ToList();
        // Every node holds the client in its snapshot cache.
        foreach (var node in nodes)
        {
            await node.ClientCredentialsAsync(FleetFixture.Tenant, "svc-change", secret, "orders");
        }
        var model = await fleet.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{FleetFixture.Tenant}/clients/svc-change");
        model["grant_types"] = new JsonArray("authorization_code");
        model["redirect_uris"] = new JsonArray(FleetFixture.RedirectUri);
        await fleet.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{FleetFixture.Tenant}/clients/svc-change", model.ToJsonString());
        foreach (var node in nodes)
        {
            var took = await FleetFlows.TimeUntilAsync(async () =>
                !(await node.ClientCredentialsResponseAsync(FleetFixture.Tenant, "svc-change", secret, "orders")).IsSuccessStatusCode, TimeSpan.FromSeconds(1));
            Assert.True(took < TimeSpan.FromSeconds(1));
        }

        // SMS sign-in switched off: every node's token endpoint refuses the SMS grant at once.
        var settings = await fleet.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{FleetFixture.Tenant}/settings");
        foreach (var node in nodes)
        {
            await Api.AssertOAuthErrorAsync(await fleet.SmsGrantAsync(node.Http, "unknown-otp", "123456"), "invalid_grant");
        }
        settings["sign_in"]!["sms"]!["enabled"] = false;
        await fleet.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{FleetFixture.Tenant}/settings", settings.ToJsonString());
        try
        {
            foreach (var node in nodes)
            {
                await FleetFlows.TimeUntilAsync(async () =>
                    (await Api.ReadJsonAsync(await fleet.SmsGrantAsync(node.Http, "unknown-otp", "123456")))["error"]!.GetValue<string>() == "access_denied",
                    TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            settings["sign_in"]!["sms"]!["enabled"] = true;
            await fleet.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{FleetFixture.Tenant}/settings", settings.ToJsonString());
        }
    }

    [Fact]
    public async Task RedisKilled_EveryNodeAnswersFromTheDatabase_SaysDegraded_AndKeepsTheLimitsClosed()
    {
        var redis = fleet.Redis!;
        redis.Kill();
        try
        {
            foreach (var node in fleet.Nodes.Where(n => n.Alive))
            {
                using var health = node.Client();
                await FleetFlows.TimeUntilAsync(async () => await health.GetStringAsync("/health/ready") == "Degraded", TimeSpan.FromSeconds(20));
            }
            using var http = fleet.Client();
            var starts = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => fleet.SmsStartAsync(http, "+14155557201")));
            Assert.Equal(1, starts.Count(s => s.StatusCode == HttpStatusCode.OK));
            Assert.All(starts.Where(s => s.StatusCode != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.TooManyRequests, s.StatusCode));
            await fleet.Api.ClientCredentialsAsync(FleetFixture.Tenant, "svc", fleet.Secrets["svc"], "orders");
        }
        finally
        {
            await redis.RestartAsync();
        }
        foreach (var node in fleet.Nodes.Where(n => n.Alive))
        {
            using var health = node.Client();
            await FleetFlows.TimeUntilAsync(async () => await health.GetStringAsync("/health/ready") == "Healthy", TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task ANodeKilledMidFlows_LosesNoSignIn_AndEveryCodeAndTokenIsTheSameAtEveryNode()
    {
        var victim = fleet.Nodes[^1];
        Assert.True(victim.Alive, "this test kills the last node; it runs once per fixture");
        var email = "kim@fleet.example";
        await fleet.Api.CreateUserAsync(FleetFixture.Tenant, email, Password);

        // On the victim: a session, an unredeemed code, tokens, and an SMS sign-in half done.
        using var http = fleet.Client(out var balancer, cookies: true);
        balancer.Pinned = victim;
        var issued = await FleetFlows.CodeFlowAsync(fleet, http, email, Password);
        var (pendingCode, pendingVerifier) = await FleetFlows.AuthorizationCodeAsync(http, email, Password);
        var otp = await FleetFlows.SmsStartAsync(fleet, http, "+14155557301");
        var smsCode = (await fleet.SmsCodesAsync("+14155557301")).Single();

        // Traffic on every node while the victim dies: client_credentials in a loop, retried by the balancer.
        using var stop = new CancellationTokenSource();
        var background = Task.Run(async () =>
        {
            var done = 0;
            while (!stop.IsCancellationRequested)
            {
                await fleet.Api.ClientCredentialsAsync(FleetFixture.Tenant, "svc", fleet.Secrets["svc"], "orders");
                done++;
            }
            return done;
        });
        await Task.Delay(300);
        victim.Kill();
        await Task.Delay(300);
        await stop.CancelAsync();
        Assert.True(await background > 0);

        balancer.Pinned = null;
        var survivors = fleet.Nodes.Where(n => n.Alive).ToList();
        Assert.Equal(fleet.Nodes.Count - 1, survivors.Count);

        // The victim's tokens are valid at every survivor.
        var access = issued["access_token"]!.GetValue<string>();
        foreach (var node in survivors)
        {
            Assert.Equal(HttpStatusCode.OK, await FleetFlows.UserInfoAsync(node.Client(), access));
            Assert.True(await FleetFlows.ActiveAsync(fleet, node.Client(), "web", access));
        }

        // The victim's code is redeemed once, at one survivor; its refresh token turns once, at one survivor.
        var redeemed = await FleetFlows.RedeemAsync(fleet, survivors[0].Client(), pendingCode, pendingVerifier);
        Assert.True(redeemed.IsSuccessStatusCode, await redeemed.Content.ReadAsStringAsync());
        var refresh = issued["refresh_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await FleetFlows.RefreshAsync(fleet, survivors[0].Client(), "web", refresh)).StatusCode);
        // The other survivor refuses both replays (and OpenIddict revokes the chain, as it should on a replay).
        await Api.AssertOAuthErrorAsync(await FleetFlows.RefreshAsync(fleet, survivors[1].Client(), "web", refresh), "invalid_grant");
        await Api.AssertOAuthErrorAsync(await FleetFlows.RedeemAsync(fleet, survivors[1].Client(), pendingCode, pendingVerifier), "invalid_grant");

        // The victim's session signs in again without a password at the survivors (the key ring is shared).
        var (again, verifier) = await FleetFlows.AuthorizationCodeAsync(http, email, "not-the-password");
        Assert.Equal(HttpStatusCode.OK, (await FleetFlows.RedeemAsync(fleet, http, again, verifier)).StatusCode);

        // The SMS sign-in the victim started completes at the survivors, and its code works once.
        var first = await Api.ReadJsonAsync(await fleet.SmsGrantAsync(survivors[0].Client(), otp, smsCode));
        Assert.Equal("mfa_enrollment_required", first["error"]?.GetValue<string>());
        await Api.AssertOAuthErrorAsync(await fleet.SmsGrantAsync(survivors[1].Client(), otp, smsCode), "invalid_grant");
        var ticket = first["mfa_token"]!.GetValue<string>();
        var enroll = await fleet.MobilePostAsync(survivors[1].Client(), "connect/mfa/enroll", ("mfa_token", ticket), ("factor", "totp"));
        var totp = (await Api.ReadJsonAsync(enroll))["secret"]!.GetValue<string>();
        var signedIn = await FleetFlows.MfaGrantAsync(fleet, survivors[0].Client(), ticket, "totp", TotpCodes.At(totp, TimeProvider.System.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        // A token revoked at one survivor is inactive at the other.
        var mobile = (await Api.ReadJsonAsync(signedIn))["access_token"]!.GetValue<string>();
        Assert.True(await FleetFlows.ActiveAsync(fleet, survivors[1].Client(), "mobile", mobile));
        var revoke = await survivors[0].Client().PostAsync($"/t/{FleetFixture.Tenant}/connect/revoke",
            FleetFixture.Form(("token", mobile), ("client_id", "mobile"), ("client_secret", fleet.Secrets["mobile"])));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False(await FleetFlows.ActiveAsync(fleet, survivors[1].Client(), "mobile", mobile));
        Assert.Equal(HttpStatusCode.Unauthorized, await FleetFlows.UserInfoAsync(survivors[1].Client(), mobile));
    }
}

/// <summary>The fleet tests start processes and databases: one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FleetCollection
{
    public const string Name = "fleet";
}
