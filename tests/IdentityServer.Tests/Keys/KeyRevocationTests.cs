using System.Net;
using IdentityServer.Tests.Management;

namespace IdentityServer.Tests.Keys;

/// <summary>
/// SPEC 7/9: rotate-now and revoke through the management API. Revoking drops the key from the JWKS
/// at once and its tokens fail at introspection and userinfo; both are audited.
/// </summary>
public sealed class KeyRevocationTests
{
    [Fact]
    public async Task RotateNow_TheNextKeySigns_ANewNextIsMade_AndOldTokensStayValid()
    {
        await using var server = KeyClock.Start();
        var (tenant, _, web) = await server.NewTenantAsync("keys-rotate");
        var tokens = await server.SignInAsync(tenant, web);
        var access = tokens["access_token"]!.GetValue<string>();
        var first = KeyClock.KidOf(access);

        var rotated = (await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/keys/rotate"))["items"]!.AsArray().Select(k => k!).ToList();
        Assert.Equal(3, rotated.Count);
        Assert.Equal("previous", KeyClock.Status(rotated, first));
        var active = rotated.Single(k => k["status"]!.GetValue<string>() == "active")["kid"]!.GetValue<string>();
        var next = rotated.Single(k => k["status"]!.GetValue<string>() == "next");
        Assert.Equal(KeyClock.Epoch + TimeSpan.FromDays(90), next["activates_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(3, (await server.KidsAsync(tenant)).Count);

        var again = await server.SignInAsync(tenant, web);
        Assert.Equal(active, KeyClock.KidOf(again["access_token"]!.GetValue<string>()));
        Assert.Equal(active, KeyClock.KidOf(again["id_token"]!.GetValue<string>()));
        // The previous key's tokens are still good until they expire.
        Assert.True(await server.IntrospectActiveAsync(tenant, access, web));
        Assert.Equal(HttpStatusCode.OK, await server.UserInfoAsync(tenant, access));

        var audit = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?action=keys.rotated");
        Assert.Contains(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "keys.rotated");
    }

    [Fact]
    public async Task Revoke_DropsTheKeyFromTheJwksAtOnce_AndItsTokensFailAtIntrospectionAndUserinfo()
    {
        await using var server = KeyClock.Start();
        var (tenant, _, web) = await server.NewTenantAsync("keys-revoke");
        var tokens = await server.SignInAsync(tenant, web);
        var access = tokens["access_token"]!.GetValue<string>();
        var compromised = KeyClock.KidOf(access);
        Assert.True(await server.IntrospectActiveAsync(tenant, access, web));

        using var revoked = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/keys/{compromised}/revoke");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var kids = await server.KidsAsync(tenant);
        Assert.DoesNotContain(compromised, kids);
        Assert.Single(kids);
        Assert.Equal("revoked", KeyClock.Status(await server.KeysAsync(tenant), compromised));
        Assert.False(await server.IntrospectActiveAsync(tenant, access, web));
        Assert.Equal(HttpStatusCode.Unauthorized, await server.UserInfoAsync(tenant, access));
        // A new key signs at once.
        var fresh = await server.SignInAsync(tenant, web);
        Assert.Equal(kids.Single(), KeyClock.KidOf(fresh["access_token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, await server.UserInfoAsync(tenant, fresh["access_token"]!.GetValue<string>()));

        var audit = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?action=keys.revoked");
        Assert.Contains(audit["items"]!.AsArray(), e => e!["target"]!.GetValue<string>() == "key:" + compromised);
        // Revoking it again changes nothing.
        using var twice = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/keys/{compromised}/revoke");
        Assert.Equal(HttpStatusCode.NoContent, twice.StatusCode);
    }

    [Fact]
    public async Task Revoke_OfAnUnknownKey_OrAnotherTenantsKey_Is404()
    {
        await using var server = KeyClock.Start();
        var (a, aSecret, _) = await server.NewTenantAsync("keys-own");
        var (b, _, _) = await server.NewTenantAsync("keys-other");
        var aKid = KeyClock.KidOf(await server.Api.ClientCredentialsAsync(a, "svc", aSecret));

        await ManagementAssert.ProblemAsync(await server.Api.CallAsync(HttpMethod.Post, $"/tenants/{b}/keys/{aKid}/revoke"), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await server.Api.CallAsync(HttpMethod.Post, $"/tenants/{a}/keys/nope/revoke"), HttpStatusCode.NotFound);
        Assert.Contains(aKid, await server.KidsAsync(a));
    }

    [Fact]
    public async Task ParallelRotations_LeaveOneActiveKey_AndAnswer200Or409()
    {
        await using var server = KeyClock.Start();
        var (tenant, secret, _) = await server.NewTenantAsync("keys-race");
        await server.Api.ClientCredentialsAsync(tenant, "svc", secret);
        var token = await server.Api.PlatformTokenAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await server.Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/keys/rotate", token: token);
            return response.StatusCode;
        }));
        Assert.All(answers, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, $"answered {s}"));
        Assert.Contains(HttpStatusCode.OK, answers);
        var keys = await server.KeysAsync(tenant);
        Assert.Single(keys, k => k["status"]!.GetValue<string>() == "active");
        Assert.Single(keys, k => k["status"]!.GetValue<string>() == "next");
    }
}
