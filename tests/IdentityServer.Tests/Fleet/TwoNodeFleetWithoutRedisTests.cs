using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Fleet;

/// <summary>SPEC 9 without Redis: two nodes on one PostgreSQL; the database holds every limit, and caches expire within 10 s.</summary>
[Collection(FleetCollection.Name)]
public sealed class TwoNodeFleetWithoutRedisTests(TwoNodesWithoutRedis fleet) : IClassFixture<TwoNodesWithoutRedis>
{
    [Fact]
    public async Task SignInsRunAcrossBothNodes_AndFortyParallelStartsSendOne()
    {
        using var http = fleet.Client(cookies: true);
        await fleet.Api.CreateUserAsync(FleetFixture.Tenant, "bo@fleet.example", "Fleet-Passw0rd!");
        var tokens = await FleetFlows.CodeFlowAsync(fleet, http, "bo@fleet.example", "Fleet-Passw0rd!");
        Assert.Equal(HttpStatusCode.OK, (await FleetFlows.RefreshAsync(fleet, http, "web", tokens["refresh_token"]!.GetValue<string>())).StatusCode);
        await FleetFlows.SmsSignUpWithTotpAsync(fleet, http, "+14155557401");

        var starts = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => fleet.SmsStartAsync(http, "+14155557402")));
        Assert.Equal(1, starts.Count(s => s.StatusCode == HttpStatusCode.OK));
        Assert.All(starts.Where(s => s.StatusCode != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.TooManyRequests, s.StatusCode));
        Assert.Single(await fleet.SmsCodesAsync("+14155557402"));
        Assert.Equal("Healthy", await http.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task AClientChange_ReachesTheOtherNode_WithinTenSeconds()
    {
        var secret = (await fleet.Api.CreateClientAsync(FleetFixture.Tenant, "svc-slow", ["client_credentials"], scopes: ["orders"]))!;
        var (one, two) = (FleetFixture.At(fleet.Nodes[0]), FleetFixture.At(fleet.Nodes[1]));
        await one.ClientCredentialsAsync(FleetFixture.Tenant, "svc-slow", secret, "orders");
        await two.ClientCredentialsAsync(FleetFixture.Tenant, "svc-slow", secret, "orders");

        var model = await one.CallOkAsync(HttpMethod.Get, $"/tenants/{FleetFixture.Tenant}/clients/svc-slow");
        model["grant_types"] = new JsonArray("authorization_code");
        model["redirect_uris"] = new JsonArray(FleetFixture.RedirectUri);
        await one.CallOkAsync(HttpMethod.Put, $"/tenants/{FleetFixture.Tenant}/clients/svc-slow", model.ToJsonString());

        // The node that made the change sees it at once; the other within its snapshot's 10 s.
        Assert.False((await one.ClientCredentialsResponseAsync(FleetFixture.Tenant, "svc-slow", secret, "orders")).IsSuccessStatusCode);
        await FleetFlows.TimeUntilAsync(async () =>
            !(await two.ClientCredentialsResponseAsync(FleetFixture.Tenant, "svc-slow", secret, "orders")).IsSuccessStatusCode, TimeSpan.FromSeconds(10.5));
    }

    /// <summary>
    /// SPEC 9: every node picks up a key change without a restart within its reload interval
    /// (Keys__ReloadInterval, 30 s by default, at most 1 minute; 2 s here). A rotation at node one reaches
    /// node two's JWKS, and node two accepts the tokens node one signs with the new key; a revocation at
    /// node one makes node two refuse that key's tokens at introspection and userinfo.
    /// </summary>
    [Fact]
    public async Task ARotationAndARevocationAtOneNode_ReachTheOtherNode_WithinItsReloadInterval()
    {
        var limit = TwoNodesWithoutRedis.KeyReloadInterval * 2 + TimeSpan.FromSeconds(2);
        var (one, two) = (FleetFixture.At(fleet.Nodes[0]), FleetFixture.At(fleet.Nodes[1]));
        using var http = fleet.Client(cookies: true);
        await fleet.Api.CreateUserAsync(FleetFixture.Tenant, "kai@fleet.example", "Fleet-Passw0rd!");
        var refresh = (await FleetFlows.CodeFlowAsync(fleet, http, "kai@fleet.example", "Fleet-Passw0rd!"))["refresh_token"]!.GetValue<string>();

        // Rotate at node one: a new key signs there at once, and a new next key is published.
        var before = await KidsAsync(two);
        var rotated = (await one.CallOkAsync(HttpMethod.Post, $"/tenants/{FleetFixture.Tenant}/keys/rotate"))["items"]!.AsArray();
        var active = Kid(rotated, "active");
        var next = Kid(rotated, "next");
        Assert.DoesNotContain(next, before);
        var seen = await FleetFlows.TimeUntilAsync(async () => (await KidsAsync(two)).Contains(next), limit);

        // Tokens node one signs with the new key work at node two: introspection and userinfo.
        var service = await one.ClientCredentialsAsync(FleetFixture.Tenant, "svc", fleet.Secrets["svc"], "orders");
        Assert.Equal(active, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(service).Kid);
        var refreshed = await Api.ReadJsonAsync(await FleetFlows.RefreshAsync(fleet, one.Http, "web", refresh));
        var user = refreshed["access_token"]!.GetValue<string>();
        Assert.Equal(active, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(user).Kid);
        Assert.True(await FleetFlows.ActiveAsync(fleet, two.Http, "svc", service));
        Assert.Equal(HttpStatusCode.OK, await FleetFlows.UserInfoAsync(two.Http, user));

        // Revoke it at node one: refused there at once, at node two within the interval, and gone from its JWKS.
        using (var revoked = await one.CallAsync(HttpMethod.Post, $"/tenants/{FleetFixture.Tenant}/keys/{active}/revoke"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }
        Assert.False(await FleetFlows.ActiveAsync(fleet, one.Http, "svc", service));
        var refused = await FleetFlows.TimeUntilAsync(async () =>
            !await FleetFlows.ActiveAsync(fleet, two.Http, "svc", service)
            && await FleetFlows.UserInfoAsync(two.Http, user) == HttpStatusCode.Unauthorized, limit);
        Assert.DoesNotContain(active, await KidsAsync(two));
        // Node two signs with a key both nodes accept from then on.
        var after = await two.ClientCredentialsAsync(FleetFixture.Tenant, "svc", fleet.Secrets["svc"], "orders");
        Assert.NotEqual(active, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(after).Kid);
        Assert.True(await FleetFlows.ActiveAsync(fleet, one.Http, "svc", after));
        Assert.True(seen < limit && refused < limit, $"rotation seen after {seen}, revocation after {refused}");
    }

    private static async Task<List<string>> KidsAsync(Api node) =>
        [.. (await Api.ReadJsonAsync(await node.Http.GetAsync($"/t/{FleetFixture.Tenant}/.well-known/jwks")))["keys"]!.AsArray()
            .Select(k => k!["kid"]!.GetValue<string>())];

    private static string Kid(JsonArray keys, string status) =>
        keys.Single(k => k!["status"]!.GetValue<string>() == status && k["alg"]!.GetValue<string>() == "RS256")!["kid"]!.GetValue<string>();
}
