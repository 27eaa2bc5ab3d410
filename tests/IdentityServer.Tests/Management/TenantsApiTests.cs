using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Management;

/// <summary>SPEC 2 and 7: /api/v1/tenants (platform admins only).</summary>
public sealed class TenantsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Api Api => server.Api;

    [Fact]
    public async Task Tenants_Create_Is201_WithTheTenantShape_AndTheTenantServesDiscovery()
    {
        var response = await Api.CallAsync(HttpMethod.Post, "/tenants", new { slug = "acme-corp", display_name = "Acme Corp" });

        var body = await ManagementAssert.JsonAsync(response, HttpStatusCode.Created);
        ManagementAssert.HasMembers(body, "slug", "display_name", "status", "created_at");
        Assert.Equal("acme-corp", body["slug"]!.GetValue<string>());
        Assert.Equal("Acme Corp", body["display_name"]!.GetValue<string>());
        Assert.Equal("active", body["status"]!.GetValue<string>());
        var createdAt = DateTimeOffset.Parse(body["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.NotNull(response.Headers.Location);
        await ManagementAssert.LocationResolvesAsync(Api, response);

        // Stored: readable through the API, and the tenant's issuer is live.
        var read = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, "/tenants/acme-corp"), HttpStatusCode.OK);
        Assert.Equal("Acme Corp", read["display_name"]!.GetValue<string>());
        Assert.Equal("active", read["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/t/acme-corp/.well-known/openid-configuration")).StatusCode);
    }

    [Fact]
    public async Task Tenants_CreateWithoutDisplayName_UsesTheSlug()
    {
        var body = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, "/tenants", new { slug = "plain" }), HttpStatusCode.Created);
        Assert.Equal("plain", body["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tenants_CreateDuplicate_Is409_AndKeepsTheFirst()
    {
        await Api.CallOkAsync(HttpMethod.Post, "/tenants", new { slug = "twice", display_name = "First" });

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, "/tenants", new { slug = "twice", display_name = "Second" }), HttpStatusCode.Conflict);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, "/tenants", new { slug = "platform" }), HttpStatusCode.Conflict);

        var read = await Api.CallOkAsync(HttpMethod.Get, "/tenants/twice");
        Assert.Equal("First", read["display_name"]!.GetValue<string>());
    }

    public static TheoryData<string?> InvalidSlugs => new()
    {
        null, "", "-lead", "trail-", "Upper", "under_score", "dot.ted", "sp ace", "t/x", "été",
        new string('a', 41),
    };

    [Theory]
    [MemberData(nameof(InvalidSlugs))]
    public async Task Tenants_CreateWithInvalidSlug_Is422_AndCreatesNothing(string? slug)
    {
        var before = (await Api.CallOkAsync(HttpMethod.Get, "/tenants?page_size=200"))["total"]!.GetValue<long>();

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, "/tenants", new { slug, display_name = "X" }), HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]?["slug"]);

        var after = (await Api.CallOkAsync(HttpMethod.Get, "/tenants?page_size=200"))["total"]!.GetValue<long>();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Tenants_SlugOf40Characters_IsAccepted()
    {
        var slug = "a" + new string('b', 38) + "c";
        await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, "/tenants", new { slug }), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"slug\": 5}")]
    [InlineData("[]")]
    public async Task Tenants_CreateWithMalformedJson_Is400ProblemJson(string raw)
    {
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, "/tenants", raw), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Tenants_List_IsPaged_WithItemsAndTotal_InSlugOrder()
    {
        foreach (var slug in new[] { "list-c", "list-a", "list-b" })
        {
            await Api.CreateTenantAsync(slug);
        }

        var all = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, "/tenants?page=1&page_size=200"), HttpStatusCode.OK);
        ManagementAssert.HasMembers(all, "items", "total");
        var slugs = all["items"]!.AsArray().Select(t => t!["slug"]!.GetValue<string>()).ToList();
        Assert.Equal(all["total"]!.GetValue<long>(), slugs.Count);
        Assert.Contains("platform", slugs);
        Assert.Subset(slugs.ToHashSet(), new HashSet<string> { "list-a", "list-b", "list-c" });
        Assert.Equal(slugs.Order(StringComparer.Ordinal).ToList(), slugs);
        foreach (var item in all["items"]!.AsArray())
        {
            ManagementAssert.HasMembers(item!, "slug", "display_name", "status", "created_at");
        }

        // Two pages of two: each page has the total, and together they are the start of the full list.
        var page1 = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, "/tenants?page=1&page_size=2"), HttpStatusCode.OK);
        var page2 = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, "/tenants?page=2&page_size=2"), HttpStatusCode.OK);
        Assert.Equal(slugs.Count, page1["total"]!.GetValue<long>());
        Assert.Equal(slugs.Count, page2["total"]!.GetValue<long>());
        var paged = page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(t => t!["slug"]!.GetValue<string>()).ToList();
        Assert.Equal(slugs.Take(4).ToList(), paged);

        // Past the end: no items, the same total.
        var beyond = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, "/tenants?page=1000&page_size=200"), HttpStatusCode.OK);
        Assert.Empty(beyond["items"]!.AsArray());
        Assert.Equal(slugs.Count, beyond["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    [InlineData("page=1.5")]
    [InlineData("page_size=0")]
    [InlineData("page_size=201")]
    [InlineData("page_size=x")]
    [InlineData("page=99999999999")]
    public async Task Tenants_ListWithBadPaging_Is400ProblemJson(string query)
    {
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, "/tenants?" + query), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Tenants_Read_ReturnsTheTenant_AndUnknownIs404()
    {
        await Api.CallOkAsync(HttpMethod.Post, "/tenants", new { slug = "readable", display_name = "Readable Inc" });

        var body = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, "/tenants/readable"), HttpStatusCode.OK);
        Assert.Equal("readable", body["slug"]!.GetValue<string>());
        Assert.Equal("Readable Inc", body["display_name"]!.GetValue<string>());
        Assert.Equal("active", body["status"]!.GetValue<string>());
        Assert.NotNull(body["created_at"]);

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, "/tenants/no-such-tenant"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tenants_DisableThenEnable_ChangesTheStatus_AndTheTenantAnswers404WhileDisabled()
    {
        await Api.CreateTenantAsync("sleepy");
        var secret = await Api.CreateClientAsync("sleepy", "svc", ["client_credentials"], ["orders"]);
        await Api.ClientCredentialsAsync("sleepy", "svc", secret!, "orders");

        var disabled = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, "/tenants/sleepy/disable"), HttpStatusCode.OK);
        Assert.Equal("disabled", disabled["status"]!.GetValue<string>());
        Assert.Equal("disabled", (await Api.CallOkAsync(HttpMethod.Get, "/tenants/sleepy"))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync("/t/sleepy/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.ClientCredentialsResponseAsync("sleepy", "svc", secret!)).StatusCode);
        var listed = (await Api.CallOkAsync(HttpMethod.Get, "/tenants?page_size=200"))["items"]!.AsArray()
            .Single(t => t!["slug"]!.GetValue<string>() == "sleepy");
        Assert.Equal("disabled", listed!["status"]!.GetValue<string>());

        var enabled = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, "/tenants/sleepy/enable"), HttpStatusCode.OK);
        Assert.Equal("active", enabled["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/t/sleepy/.well-known/openid-configuration")).StatusCode);
        await Api.ClientCredentialsAsync("sleepy", "svc", secret!, "orders");
    }

    [Fact]
    public async Task Tenants_PatchStatus_DisablesAndEnables()
    {
        await Api.CreateTenantAsync("patchy");

        var disabled = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Patch, "/tenants/patchy", new { status = "disabled" }), HttpStatusCode.OK);
        Assert.Equal("disabled", disabled["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync("/t/patchy/.well-known/openid-configuration")).StatusCode);

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Patch, "/tenants/patchy", new { status = "sleeping" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("disabled", (await Api.CallOkAsync(HttpMethod.Get, "/tenants/patchy"))["status"]!.GetValue<string>());

        await Api.CallOkAsync(HttpMethod.Patch, "/tenants/patchy", new { status = "active" });
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/t/patchy/.well-known/openid-configuration")).StatusCode);
    }

    [Fact]
    public async Task Tenants_PlatformTenant_CannotBeDisabled_Is422_AndStaysActive()
    {
        var viaAction = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, "/tenants/platform/disable"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("platform", ManagementAssert.TextOf(viaAction), StringComparison.OrdinalIgnoreCase);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Patch, "/tenants/platform", new { status = "disabled" }), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("active", (await Api.CallOkAsync(HttpMethod.Get, "/tenants/platform"))["status"]!.GetValue<string>());
        // The platform token still works, so the platform is still up.
        await Api.PlatformTokenAsync();
    }

    [Fact]
    public async Task Tenants_CreateWithTooLongDisplayName_Is422()
    {
        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, "/tenants",
            new { slug = "long-name", display_name = new string('n', 201) }), HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]?["display_name"]);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, "/tenants/long-name"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tenants_PatchWithTooLongDisplayName_Is422_AndKeepsTheName()
    {
        await Api.CallOkAsync(HttpMethod.Post, "/tenants", new { slug = "long-patch", display_name = "Short" });

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Patch, "/tenants/long-patch",
            new { display_name = new string('n', 201) }), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]?["display_name"]);
        Assert.Equal("Short", (await Api.CallOkAsync(HttpMethod.Get, "/tenants/long-patch"))["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tenants_PatchDisplayName_IsTheDisplayNameOfTheSettingsToo()
    {
        await Api.CallOkAsync(HttpMethod.Post, "/tenants", new { slug = "renamed", display_name = "Old Name" });

        var patched = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Patch, "/tenants/renamed", new { display_name = "New Name" }), HttpStatusCode.OK);

        Assert.Equal("New Name", patched["display_name"]!.GetValue<string>());
        Assert.Equal("New Name", (await Api.CallOkAsync(HttpMethod.Get, "/tenants/renamed"))["display_name"]!.GetValue<string>());
        // One name per tenant: the settings document (whose display_name the SMS text uses) says the same.
        Assert.Equal("New Name", (await Api.CallOkAsync(HttpMethod.Get, "/tenants/renamed/settings"))["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tenants_DisableUnknown_Is404()
    {
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, "/tenants/ghost/disable"), HttpStatusCode.NotFound);
    }
}
