using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Oidc;

/// <summary>
/// Issue 13.3: each grant's unit of work is committed whatever its outcome. One test per outcome of
/// the sms-otp, mfa-otp and refresh grants reads back what was saved (users, events, tickets, token
/// rows) and, on the hot path, counts the database writes.
/// </summary>
public sealed class GrantOutcomeWritesTests(SmsFixture server) : IClassFixture<SmsFixture>
{
    private const string MfaGrant = "urn:identity-platform:grant-type:mfa-otp";

    [Fact]
    public async Task SmsOtp_SignedInWithSignUp_SavesTheUserItsEventsAndTheRefreshToken_InTwoWrites()
    {
        const string phone = "+14155557001";
        await KeysReadyAsync("quick", "+14155557101");
        var otp = await server.StartOkAsync("quick", phone);
        var before = await SavedAsync("quick");
        var writes = server.Factory.Writes.Count;
        var response = await server.GrantAsync("quick", otp, SmsOutbox.LastCode(server.Factory, phone));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await SavedAsync("quick");
        Assert.Equal(1, after.Users - before.Users);
        Assert.Equal(1, after.Event("sms.code_verified") - before.Event("sms.code_verified"));
        Assert.Equal(1, after.Event("sign_in.decision") - before.Event("sign_in.decision"));
        Assert.Equal(1, after.RefreshTokens - before.RefreshTokens);
        Assert.Equal(0, after.Tickets - before.Tickets);
        // The code's counted try, then the user, its events, the authorization and the refresh token in one commit.
        AssertWritesOnHotPath(2, writes);
    }

    [Fact]
    public async Task SmsOtp_MfaRequiredWithSignUp_SavesTheUserItsEventsAndTheTicket_InTwoWrites()
    {
        const string phone = "+14155557002";
        var otp = await server.StartOkAsync("strict", phone);
        var before = await SavedAsync("strict");
        var writes = server.Factory.Writes.Count;
        var response = await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, phone));
        await Api.AssertOAuthErrorAsync(response, "mfa_enrollment_required", HttpStatusCode.BadRequest);
        var after = await SavedAsync("strict");
        Assert.Equal(1, after.Users - before.Users);
        Assert.Equal(1, after.Tickets - before.Tickets);
        Assert.Equal(1, after.Event("sign_in.decision") - before.Event("sign_in.decision"));
        Assert.Equal(0, after.RefreshTokens - before.RefreshTokens);
        // No token rows in this outcome: the same two writes with the hot path on or off.
        Assert.Equal(2, server.Factory.Writes.Count - writes);
    }

    [Fact]
    public async Task SmsOtp_RefusedForAWrongCode_SavesTheCountedTryAndItsEvent()
    {
        const string phone = "+14155557003";
        var otp = await server.StartOkAsync("quick", phone);
        var code = SmsOutbox.LastCode(server.Factory, phone);
        var before = await SavedAsync("quick");
        var writes = server.Factory.Writes.Count;
        var response = await server.GrantAsync("quick", otp, code == "000000" ? "111111" : "000000");
        await Api.AssertOAuthErrorAsync(response, "invalid_grant", HttpStatusCode.BadRequest);
        var after = await SavedAsync("quick");
        Assert.Equal(1, after.Event("sms.code_failed") - before.Event("sms.code_failed"));
        Assert.Equal(0, after.Users - before.Users);
        Assert.Equal(2, server.Factory.Writes.Count - writes);
    }

    [Fact]
    public async Task SmsOtp_DeniedByThePolicyAfterTheCode_SavesTheVerifiedCodeAndTheDecision()
    {
        // S3: a phone-only user of a tenant that starts requiring a second factor between start and grant.
        var tenant = await server.Api.NewTenantAsync("deny");
        var settings = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        settings["sign_in"]!["sms"]!["enabled"] = true;
        settings["sign_in"]!["sms"]!["sign_up"] = true;
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", settings.ToJsonString());
        server.Secrets[tenant] = (await server.Api.CreateClientAsync(tenant, "mobile", [SmsFixture.SmsGrant, "refresh_token"]))!;
        const string phone = "+14155557004";
        var first = await server.GrantAsync(tenant, await server.StartOkAsync(tenant, phone), SmsOutbox.LastCode(server.Factory, phone));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        server.PassCooldown();
        var otp = await server.StartOkAsync(tenant, phone);
        settings["sign_in"]!["sms"]!["require_second_factor"] = true;
        await server.Api.CallOkAsync(HttpMethod.Put, $"/tenants/{tenant}/settings", settings.ToJsonString());

        var before = await SavedAsync(tenant);
        var writes = server.Factory.Writes.Count;
        var response = await server.GrantAsync(tenant, otp, SmsOutbox.LastCode(server.Factory, phone));
        await Api.AssertOAuthErrorAsync(response, "access_denied", HttpStatusCode.BadRequest);
        var after = await SavedAsync(tenant);
        Assert.Equal(1, after.Event("sms.code_verified") - before.Event("sms.code_verified"));
        Assert.Equal(1, after.Event("sign_in.decision") - before.Event("sign_in.decision"));
        Assert.Equal(0, after.RefreshTokens - before.RefreshTokens);
        Assert.Equal(2, server.Factory.Writes.Count - writes);
    }

    [Fact]
    public async Task MfaOtp_RefusedThenSignedIn_SavesTheFailureAlone_ThenTheEnrollmentWithTheTokens()
    {
        const string phone = "+14155557005";
        var otp = await server.StartOkAsync("strict", phone);
        var challenge = await Api.ReadJsonAsync(await server.GrantAsync("strict", otp, SmsOutbox.LastCode(server.Factory, phone)));
        var token = challenge["mfa_token"]!.GetValue<string>();
        var enroll = await server.Api.Http.PostAsync("/t/strict/connect/mfa/enroll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mfa_token"] = token,
            ["factor"] = "totp",
            ["client_id"] = "mobile",
            ["client_secret"] = server.Secrets["strict"],
        }));
        var totp = (await Api.ReadJsonAsync(enroll))["secret"]!.GetValue<string>();
        await KeysReadyAsync("quick", "+14155557105");
        await KeysReadyAsync("strict", null);
        var right = TotpCodes.At(totp, server.Clock.GetUtcNow());

        var before = await SavedAsync("strict");
        var refused = await MfaGrantAsync(token, right == "000000" ? "111111" : "000000");
        await Api.AssertOAuthErrorAsync(refused, "invalid_grant", HttpStatusCode.BadRequest);
        var failed = await SavedAsync("strict");
        Assert.Equal(1, failed.Event("mfa.failed") - before.Event("mfa.failed"));
        Assert.Equal(0, failed.Event("mfa.enrolled") - before.Event("mfa.enrolled"));
        Assert.Equal(0, failed.EnrolledUsers - before.EnrolledUsers);

        var writes = server.Factory.Writes.Count;
        var signedIn = await MfaGrantAsync(token, right);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var after = await SavedAsync("strict");
        Assert.Equal(1, after.Event("mfa.enrolled") - failed.Event("mfa.enrolled"));
        Assert.Equal(1, after.EnrolledUsers - failed.EnrolledUsers);
        Assert.Equal(1, after.RefreshTokens - failed.RefreshTokens);
        // The ticket's try, the lockout's count, the single use, the lockout's reset, then the user, its event and the tokens in one commit.
        AssertWritesOnHotPath(6, writes);
    }

    [Fact]
    public async Task Refresh_SignedInInOneWrite_ThenRefusedForADisabledUser_WritingNothing()
    {
        const string phone = "+14155557006";
        var otp = await server.StartOkAsync("quick", phone);
        var signIn = await Api.ReadJsonAsync(await server.GrantAsync("quick", otp, SmsOutbox.LastCode(server.Factory, phone)));
        var before = await SavedAsync("quick");
        var writes = server.Factory.Writes.Count;
        var refreshed = await RefreshAsync(signIn["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var after = await SavedAsync("quick");
        Assert.Equal(1, after.RefreshTokens - before.RefreshTokens);
        Assert.Equal(1, after.RedeemedRefreshTokens - before.RedeemedRefreshTokens);
        // The old token redeemed and the new one in one commit.
        AssertWritesOnHotPath(1, writes);

        var userId = Jwt.Payload(signIn["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/quick/users/{userId}/disable");
        writes = server.Factory.Writes.Count;
        var refused = await RefreshAsync((await Api.ReadJsonAsync(refreshed))["refresh_token"]!.GetValue<string>());
        await Api.AssertOAuthErrorAsync(refused, "invalid_grant", HttpStatusCode.BadRequest);
        Assert.Equal(0, server.Factory.Writes.Count - writes);
        Assert.Equal(after.RefreshTokens, (await SavedAsync("quick")).RefreshTokens);
    }

    /// <summary>
    /// The first token of a tenant makes its signing keys (a write of its own, SPEC 9): a sign-in in
    /// the tenant first, so that the writes counted are the grant's alone.
    /// </summary>
    private async Task KeysReadyAsync(string tenant, string? phone)
    {
        if (phone is null)
        {
            // No token to warm with in a tenant that requires a second factor: its keys are made by the reload round.
            using var scope = server.Factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IdentityServer.Keys.KeyRotation>().MaintainTenantAsync(tenant, CancellationToken.None);
            return;
        }
        var otp = await server.StartOkAsync(tenant, phone);
        Assert.Equal(HttpStatusCode.OK, (await server.GrantAsync(tenant, otp, SmsOutbox.LastCode(server.Factory, phone))).StatusCode);
    }

    private void AssertWritesOnHotPath(int expected, int before)
    {
        if (HotPathSwitch.Enabled)
        {
            Assert.Equal(expected, server.Factory.Writes.Count - before);
        }
    }

    private Task<HttpResponseMessage> MfaGrantAsync(string token, string code) =>
        server.Api.TokenAsync("strict", ("grant_type", MfaGrant), ("mfa_token", token), ("factor", "totp"), ("code", code),
            ("client_id", "mobile"), ("client_secret", server.Secrets["strict"]));

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        server.Api.TokenAsync("quick", ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", "mobile"), ("client_secret", server.Secrets["quick"]));

    /// <summary>What the tenant's rows are now, read straight from the server's database.</summary>
    private async Task<Saved> SavedAsync(string tenant)
    {
        using var scope = server.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.SingleAsync(t => t.Id == tenant));
        var events = await db.AuditEvents.GroupBy(e => e.Action).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        // OpenIddict stores the type as a hint or as a URN (urn:ietf:params:oauth:token-type:refresh_token) depending on its version.
        var refresh = db.Set<TenantToken>().Where(t => t.Type != null && t.Type.EndsWith("refresh_token"));
        return new Saved(await db.Users.CountAsync(), await db.Users.CountAsync(u => u.TotpSecretProtected != null),
            await db.MfaTickets.CountAsync(), await refresh.CountAsync(), await refresh.CountAsync(t => t.Status == "redeemed"),
            events.ToDictionary(e => e.Key, e => e.Count));
    }

    private sealed record Saved(int Users, int EnrolledUsers, int Tickets, int RefreshTokens, int RedeemedRefreshTokens,
        Dictionary<string, int> Events)
    {
        public int Event(string action) => Events.GetValueOrDefault(action);
    }
}
