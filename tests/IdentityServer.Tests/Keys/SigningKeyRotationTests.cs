using System.Net;

namespace IdentityServer.Tests.Keys;

/// <summary>
/// SPEC 9, issue 14 point 3: per-tenant signing keys on a timeline (FakeTimeProvider): the next key
/// is published two days before it signs, signs after the rotation period (90 days), and the previous
/// key stays published until the tokens it signed have expired, then retires.
/// </summary>
public sealed class SigningKeyRotationTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(25); // id token 20 min + 5 min skew

    [Fact]
    public async Task EachTenant_HasItsOwnKey_AndItsJwksShowsOnlyItsOwn()
    {
        await using var server = KeyClock.Start();
        var (a, aSecret, _) = await server.NewTenantAsync("keys-a");
        var (b, bSecret, _) = await server.NewTenantAsync("keys-b");

        var aToken = await server.Api.ClientCredentialsAsync(a, "svc", aSecret);
        var bToken = await server.Api.ClientCredentialsAsync(b, "svc", bSecret);

        Assert.Equal([KeyClock.KidOf(aToken)], await server.KidsAsync(a));
        Assert.Equal([KeyClock.KidOf(bToken)], await server.KidsAsync(b));
        Assert.NotEqual(KeyClock.KidOf(aToken), KeyClock.KidOf(bToken));
        Assert.DoesNotContain(KeyClock.KidOf(aToken), await server.KidsAsync("platform"));
        // Public parts only.
        var jwk = (await server.JwksAsync(a)).Single();
        Assert.Equal("RSA", jwk["kty"]!.GetValue<string>());
        Assert.Equal("RS256", jwk["alg"]!.GetValue<string>());
        Assert.Null(jwk["d"]);
        Assert.Null(jwk["p"]);
    }

    [Fact]
    public async Task NextKey_IsPublishedTwoDaysAhead_SignsAfterThePeriod_AndThePreviousRetiresAfterItsTokens()
    {
        await using var server = KeyClock.Start();
        var (tenant, secret, _) = await server.NewTenantAsync("keys-time");
        var first = KeyClock.KidOf(await server.Api.ClientCredentialsAsync(tenant, "svc", secret));
        var keys = await server.KeysAsync(tenant);
        Assert.Equal("active", KeyClock.Status(keys, first));
        Assert.Equal("RS256", keys.Single()["alg"]!.GetValue<string>());
        Assert.Equal("sig", keys.Single()["use"]!.GetValue<string>());
        var activatedAt = keys.Single()["activates_at"]!.GetValue<DateTimeOffset>();

        // Day 87: nothing is due yet.
        server.Clock.Advance(TimeSpan.FromDays(87));
        await server.MaintainAsync();
        Assert.Equal([first], await server.KidsAsync(tenant));

        // Day 88 (90 - 2): the next key is published, not signing.
        server.Clock.SetUtcNow(activatedAt + TimeSpan.FromDays(88));
        await server.MaintainAsync();
        var published = await server.KidsAsync(tenant);
        Assert.Equal(2, published.Count);
        var next = published.Single(k => k != first);
        keys = await server.KeysAsync(tenant);
        Assert.Equal("next", KeyClock.Status(keys, next));
        Assert.Equal(activatedAt + TimeSpan.FromDays(90), keys.Single(k => k["kid"]!.GetValue<string>() == next)["activates_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(first, KeyClock.KidOf(await server.Api.ClientCredentialsAsync(tenant, "svc", secret)));

        // A token signed by the first key a minute before the switch...
        server.Clock.SetUtcNow(activatedAt + TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1));
        var oldToken = await server.Api.ClientCredentialsAsync(tenant, "svc", secret);
        Assert.Equal(first, KeyClock.KidOf(oldToken));

        // ...day 90: the next key signs, the first is previous and still published.
        server.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await server.MaintainAsync();
        Assert.Equal(next, KeyClock.KidOf(await server.Api.ClientCredentialsAsync(tenant, "svc", secret)));
        keys = await server.KeysAsync(tenant);
        Assert.Equal("active", KeyClock.Status(keys, next));
        Assert.Equal("previous", KeyClock.Status(keys, first));
        Assert.Equal(activatedAt + TimeSpan.FromDays(90) + Lifetime,
            keys.Single(k => k["kid"]!.GetValue<string>() == first)["retires_at"]!.GetValue<DateTimeOffset>());
        Assert.Contains(first, await server.KidsAsync(tenant));
        // The old token is still accepted: its key is still published.
        Assert.True(await server.IntrospectActiveAsync(tenant, oldToken, secret, "svc"));

        // After the longest token lifetime the first key retires: unpublished and no longer listed.
        server.Clock.Advance(Lifetime);
        await server.MaintainAsync();
        Assert.Equal([next], await server.KidsAsync(tenant));
        Assert.DoesNotContain(await server.KeysAsync(tenant), k => k["kid"]!.GetValue<string>() == first);
    }

    [Fact]
    public async Task RotationPeriod_IsATenantSetting()
    {
        await using var server = KeyClock.Start();
        var (tenant, secret, _) = await server.NewTenantAsync("keys-period");
        Assert.Equal(HttpStatusCode.OK, (await server.PatchSettingsAsync(tenant, """{"signing_keys": {"rotation_period_days": 10}}""")).StatusCode);
        var first = KeyClock.KidOf(await server.Api.ClientCredentialsAsync(tenant, "svc", secret));

        server.Clock.Advance(TimeSpan.FromDays(8) + TimeSpan.FromMinutes(1));
        await server.MaintainAsync();
        Assert.Equal(2, (await server.KidsAsync(tenant)).Count);
        server.Clock.Advance(TimeSpan.FromDays(2));
        await server.MaintainAsync();
        Assert.NotEqual(first, KeyClock.KidOf(await server.Api.ClientCredentialsAsync(tenant, "svc", secret)));

        // P5: outside 7..730 days, or another algorithm, is refused naming the key.
        foreach (var (patch, key) in new[]
        {
            ("""{"signing_keys": {"rotation_period_days": 6}}""", "signing_keys.rotation_period_days"),
            ("""{"signing_keys": {"rotation_period_days": 731}}""", "signing_keys.rotation_period_days"),
            ("""{"signing_keys": {"algorithm": "HS256"}}""", "signing_keys.algorithm"),
            ("""{"audit": {"retention_days": 0}}""", "audit.retention_days"),
        })
        {
            using var refused = await server.PatchSettingsAsync(tenant, patch);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.NotNull((await IdentityServer.Tests.Infrastructure.Api.ReadJsonAsync(refused))["errors"]![key]);
        }
    }

    [Fact]
    public async Task Es256_OnRequest_SignsAccessTokens_BesideTheRs256Keys()
    {
        await using var server = KeyClock.Start();
        var (tenant, secret, _) = await server.NewTenantAsync("keys-ec");
        using (var patched = await server.PatchSettingsAsync(tenant, """{"signing_keys": {"algorithm": "ES256"}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }
        var token = await server.Api.ClientCredentialsAsync(tenant, "svc", secret);
        Assert.Equal("ES256", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Alg);
        var jwks = await server.JwksAsync(tenant);
        var ec = jwks.Single(k => k["kid"]!.GetValue<string>() == KeyClock.KidOf(token));
        Assert.Equal("EC", ec["kty"]!.GetValue<string>());
        Assert.Equal("P-256", ec["crv"]!.GetValue<string>());
        Assert.Null(ec["d"]);
        Assert.Contains(jwks, k => k["alg"]!.GetValue<string>() == "RS256");
        Assert.True(await server.IntrospectActiveAsync(tenant, token, secret, "svc"));
    }
}
