using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Management;

/// <summary>
/// Issue 12 point 14 (SPEC 6 and 7): PATCH settings with an RFC 7396 merge patch under the same
/// invariants, bounded lists, and 413 for management API bodies above 64 kB.
/// </summary>
public sealed class SettingsPatchTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Api Api => server.Api;

    private async Task<JsonNode> GetAsync(string tenant) =>
        await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/settings"), HttpStatusCode.OK);

    private async Task<HttpResponseMessage> PatchAsync(string tenant, string patch, string contentType = "application/merge-patch+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tenants/{tenant}/settings")
        {
            Content = new StringContent(patch, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.PlatformTokenAsync());
        return await Api.Http.SendAsync(request);
    }

    /// <summary>A tenant with SMS sign-in on and MFA required, so a reset to a default would show.</summary>
    private async Task<string> NewTenantAsync()
    {
        var tenant = await Api.NewTenantAsync("patch");
        await ManagementAssert.JsonAsync(await PatchAsync(tenant, """{"sign_in": {"sms": {"enabled": true}}, "mfa": {"enforcement": "required"}}"""),
            HttpStatusCode.OK);
        return tenant;
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheKeysItNames()
    {
        var tenant = await NewTenantAsync();
        var before = await GetAsync(tenant);

        var after = await ManagementAssert.JsonAsync(await PatchAsync(tenant, """{"sign_in": {"sms": {"sign_up": true}}}"""), HttpStatusCode.OK);

        var expected = before.DeepClone();
        expected["sign_in"]!["sms"]!["sign_up"] = true;
        Assert.True(JsonNode.DeepEquals(expected, after), after.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected, await GetAsync(tenant)));
        // A list is replaced whole, as RFC 7396 says.
        var lists = await ManagementAssert.JsonAsync(await PatchAsync(tenant, """{"sign_in": {"sms": {"allowed_countries": ["FR", "DE"]}}}"""), HttpStatusCode.OK);
        Assert.Equal(["FR", "DE"], lists["sign_in"]!["sms"]!["allowed_countries"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    public static TheoryData<string, string> RuleBreakingPatches => new()
    {
        { "P1", """{"mfa": {"factors": ["recovery_code"], "enforcement": "optional"}}""" },
        { "P2", """{"mfa": {"factors": ["recovery_code"]}, "sign_in": {"sms": {"enabled": false}}}""" },
        { "P3", """{"sign_in": {"password": {"enabled": false}, "sms": {"enabled": false}}}""" },
        { "P4", """{"sign_in": {"sms": {"sign_up": true}}, "mfa": {"factors": ["email"]}}""" },
        { "P5", """{"sign_in": {"sms": {"code_length": 9}}}""" },
    };

    [Theory]
    [MemberData(nameof(RuleBreakingPatches))]
    public async Task Patch_BreakingARule_Is422NamingIt_AndChangesNothing(string rule, string patch)
    {
        var tenant = await NewTenantAsync();
        var before = await GetAsync(tenant);

        var problem = await ManagementAssert.ProblemAsync(await PatchAsync(tenant, patch), HttpStatusCode.UnprocessableEntity);

        Assert.Contains(rule, ManagementAssert.TextOf(problem));
        Assert.True(JsonNode.DeepEquals(before, await GetAsync(tenant)));
    }

    [Fact]
    public async Task Patch_RemovingAKey_Is422NamingIt_AndOtherMediaTypesAre415()
    {
        var tenant = await NewTenantAsync();
        var before = await GetAsync(tenant);

        var removed = await ManagementAssert.ProblemAsync(await PatchAsync(tenant, """{"mfa": {"enforcement": null}}"""), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["mfa.enforcement"], removed["errors"]!.AsObject().Select(e => e.Key));
        await ManagementAssert.ProblemAsync(await PatchAsync(tenant, """{"display_name": "X"}""", "application/json"), HttpStatusCode.UnsupportedMediaType);
        await ManagementAssert.ProblemAsync(await PatchAsync(tenant, """{"sign_in": {"sms": {"enabeld": true}}}"""), HttpStatusCode.BadRequest);
        await ManagementAssert.ProblemAsync(await PatchAsync(tenant, "[1]"), HttpStatusCode.BadRequest);

        Assert.True(JsonNode.DeepEquals(before, await GetAsync(tenant)));
    }

    public static TheoryData<string, string> OverlongLists => new()
    {
        { "sign_in.sms.allowed_countries", "{\"sign_in\": {\"sms\": {\"allowed_countries\": [" + string.Join(",", Enumerable.Repeat("\"US\"", 251)) + "]}}}" },
        { "sign_in.sms.allowed_countries", """{"sign_in": {"sms": {"allowed_countries": ["US", "us"]}}}""" },
        { "sign_in.sms.test_numbers", "{\"sign_in\": {\"sms\": {\"test_numbers\": [" +
            string.Join(",", Enumerable.Range(0, 51).Select(i => $"{{\"phone_number\": \"+1555555{i:D4}\", \"code\": \"123456\"}}")) + "]}}}" },
        { "mfa.factors", """{"mfa": {"factors": ["totp", "totp", "email"]}}""" },
    };

    [Theory]
    [MemberData(nameof(OverlongLists))]
    public async Task Lists_AreBounded_422(string key, string patch)
    {
        var tenant = await NewTenantAsync();

        var problem = await ManagementAssert.ProblemAsync(await PatchAsync(tenant, patch), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]![key]);
    }

    [Fact]
    public async Task ApiBodies_Above64kB_Are413ProblemJson_WithOrWithoutAContentLength()
    {
        var tenant = await NewTenantAsync();
        var big = $$"""{"display_name": "{{new string('x', 70_000)}}"}""";
        var token = await Api.PlatformTokenAsync();

        foreach (var chunked in new[] { false, true })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Patch, $"/tenants/{tenant}/settings"), (HttpMethod.Post, $"/tenants/{tenant}/users"), (HttpMethod.Post, "/tenants") })
            {
                using var request = new HttpRequestMessage(method, "/api/v1" + path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                HttpContent content = chunked ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) : new StringContent(big, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue(method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
                request.Content = content;
                if (chunked)
                {
                    request.Headers.TransferEncodingChunked = true;
                }
                await ManagementAssert.ProblemAsync(await Api.Http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
            }
        }
        // Just under the limit is still read (and refused for what it says, not for its size).
        var small = $$"""{"display_name": "{{new string('x', 60_000)}}"}""";
        await ManagementAssert.ProblemAsync(await PatchAsync(tenant, small), HttpStatusCode.UnprocessableEntity);
    }
}
