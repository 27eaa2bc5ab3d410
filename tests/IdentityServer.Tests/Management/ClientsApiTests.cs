using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Management;

/// <summary>SPEC 7: /api/v1/tenants/{slug}/clients (CRUD; a secret is shown once).</summary>
public sealed class ClientsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Redirect = "https://rp.example/callback";
    private const string OtherRedirect = "https://rp.example/other-callback";

    private Api Api => server.Api;

    private Task<string> NewTenantAsync() => Api.NewTenantAsync("clients");

    private static object Confidential(string clientId, string[]? grants = null, string[]? scopes = null, string[]? redirects = null) => new
    {
        client_id = clientId,
        display_name = "App " + clientId,
        type = "confidential",
        redirect_uris = redirects ?? [Redirect],
        post_logout_redirect_uris = new[] { "https://rp.example/bye" },
        grant_types = grants ?? ["authorization_code", "refresh_token", "client_credentials"],
        scopes = scopes ?? ["openid", "profile", "orders.read"],
        consent = "implicit",
    };

    private Task<HttpResponseMessage> ClientCredentialsAsync(string tenant, string clientId, string secret, string? scope = "orders.read") =>
        Api.ClientCredentialsResponseAsync(tenant, clientId, secret, scope);

    [Fact]
    public async Task Clients_CreateConfidential_Is201_WithTheSecretShownOnce()
    {
        var tenant = await NewTenantAsync();

        var response = await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", Confidential("web"));
        var body = await ManagementAssert.JsonAsync(response, HttpStatusCode.Created);
        await ManagementAssert.LocationResolvesAsync(Api, response);

        ManagementAssert.HasMembers(body, "client_id", "display_name", "type", "redirect_uris", "post_logout_redirect_uris",
            "grant_types", "scopes", "consent", "client_secret");
        Assert.Equal("web", body["client_id"]!.GetValue<string>());
        Assert.Equal("App web", body["display_name"]!.GetValue<string>());
        Assert.Equal("confidential", body["type"]!.GetValue<string>());
        Assert.Equal([Redirect], ManagementAssert.Strings(body["redirect_uris"]));
        Assert.Equal(["https://rp.example/bye"], ManagementAssert.Strings(body["post_logout_redirect_uris"]));
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], ManagementAssert.Strings(body["grant_types"]).Order());
        Assert.Equal(["openid", "orders.read", "profile"], ManagementAssert.Strings(body["scopes"]).Order());
        Assert.Equal("implicit", body["consent"]!.GetValue<string>());
        var secret = body["client_secret"]!.GetValue<string>();
        Assert.True(secret.Length >= 32, "a generated secret has at least 256 bits");

        // Read later: the same client, never the secret.
        var read = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/web"), HttpStatusCode.OK);
        Assert.False(read.AsObject().ContainsKey("client_secret"), read.ToJsonString());
        Assert.DoesNotContain(secret, read.ToJsonString());
        Assert.Equal("confidential", read["type"]!.GetValue<string>());
        Assert.Equal([Redirect], ManagementAssert.Strings(read["redirect_uris"]));
        var listed = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients");
        Assert.DoesNotContain(secret, listed.ToJsonString());
        Assert.DoesNotContain("client_secret", listed.ToJsonString());
    }

    [Fact]
    public async Task Clients_Secret_IsHashedAtRest_WithSha256Prefix()
    {
        var tenant = await NewTenantAsync();
        var secret = (await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", Confidential("hashed")))["client_secret"]!.GetValue<string>();

        var stored = await FixtureDatabase.ScalarAsync(server,
            "SELECT ClientSecret FROM OpenIddictApplications WHERE TenantId = $tenant AND ClientId = $client",
            ("$tenant", tenant), ("$client", "hashed")) as string;

        Assert.NotNull(stored);
        Assert.StartsWith("sha256$", stored);
        Assert.DoesNotContain(secret, stored);
        Assert.NotEqual(secret, stored);
    }

    [Fact]
    public async Task Clients_Secret_WorksAtTheTokenEndpoint_AndAWrongOneDoesNot()
    {
        var tenant = await NewTenantAsync();
        var secret = (await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", Confidential("svc")))["client_secret"]!.GetValue<string>();

        var ok = await ClientCredentialsAsync(tenant, "svc", secret);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotNull((await Api.ReadJsonAsync(ok))["access_token"]);

        await Api.AssertOAuthErrorAsync(await ClientCredentialsAsync(tenant, "svc", secret + "x"), "invalid_client");
    }

    [Fact]
    public async Task Clients_CreatePublic_Is201_WithoutASecret_AndNothingStoredAsSecret()
    {
        var tenant = await NewTenantAsync();

        var body = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", new
        {
            client_id = "spa",
            type = "public",
            redirect_uris = new[] { Redirect },
            grant_types = new[] { "authorization_code", "refresh_token" },
            scopes = new[] { "openid" },
        }), HttpStatusCode.Created);

        Assert.Equal("public", body["type"]!.GetValue<string>());
        Assert.False(body.AsObject().ContainsKey("client_secret"), body.ToJsonString());
        Assert.Null(await FixtureDatabase.ScalarAsync(server,
            "SELECT ClientSecret FROM OpenIddictApplications WHERE TenantId = $tenant AND ClientId = 'spa'", ("$tenant", tenant)));
        Assert.Equal("public", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/spa"))["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Clients_PublicWithClientCredentials_Is422_AndNotCreated()
    {
        var tenant = await NewTenantAsync();

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", new
        {
            client_id = "bad-public",
            type = "public",
            grant_types = new[] { "client_credentials" },
            scopes = new[] { "orders.read" },
        }), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]?["grant_types"]);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/bad-public"), HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> InvalidClients => new()
    {
        { "client_id", """{"client_id": "has space", "grant_types": ["client_credentials"]}""" },
        { "client_id", """{"client_id": "", "grant_types": ["client_credentials"]}""" },
        { "grant_types", """{"client_id": "c1", "grant_types": []}""" },
        { "grant_types", """{"client_id": "c1", "grant_types": ["password"]}""" },
        { "grant_types", """{"client_id": "c1", "grant_types": ["implicit"]}""" },
        { "redirect_uris", """{"client_id": "c1", "grant_types": ["authorization_code"], "redirect_uris": []}""" },
        { "redirect_uris", """{"client_id": "c1", "grant_types": ["authorization_code"], "redirect_uris": ["/relative"]}""" },
        { "redirect_uris", """{"client_id": "c1", "grant_types": ["authorization_code"], "redirect_uris": ["https://a.example/cb#frag"]}""" },
        { "redirect_uris", """{"client_id": "c1", "grant_types": ["authorization_code"], "redirect_uris": ["javascript:alert(1)"]}""" },
        { "type", """{"client_id": "c1", "type": "secret", "grant_types": ["client_credentials"]}""" },
        { "consent", """{"client_id": "c1", "consent": "maybe", "grant_types": ["client_credentials"]}""" },
        { "scopes", """{"client_id": "c1", "grant_types": ["client_credentials"], "scopes": ["two words"]}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidClients))]
    public async Task Clients_CreateBreakingARule_Is422_NamingTheField(string field, string raw)
    {
        var tenant = await NewTenantAsync();

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", raw), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]?[field]);
        // Nothing stored: the tenant still has only the admin app's own registration.
        var clients = (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients"))["items"]!.AsArray();
        Assert.Equal(["admin-app"], clients.Select(c => c!["client_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"client_id\": 5}")]
    [InlineData("{\"client_id\": \"c\", \"grant_types\": \"client_credentials\"}")]
    public async Task Clients_CreateWithMalformedJson_Is400ProblemJson(string raw)
    {
        var tenant = await NewTenantAsync();
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", raw), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Clients_CreateDuplicate_Is409_AndTheFirstSecretStillWorks()
    {
        var tenant = await NewTenantAsync();
        var first = (await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", Confidential("dup")))["client_secret"]!.GetValue<string>();

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/clients",
            Confidential("dup", grants: ["client_credentials"], redirects: [])), HttpStatusCode.Conflict);

        Assert.DoesNotContain("client_secret", problem.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(tenant, "dup", first)).StatusCode);
        Assert.Equal([Redirect], ManagementAssert.Strings((await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/dup"))["redirect_uris"]));
    }

    [Fact]
    public async Task Clients_SameClientIdInTwoTenants_IsAllowed_WithSeparateSecrets()
    {
        var a = await NewTenantAsync();
        var b = await NewTenantAsync();

        var secretA = (await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{a}/clients", Confidential("shared")), HttpStatusCode.Created))["client_secret"]!.GetValue<string>();
        var secretB = (await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{b}/clients", Confidential("shared")), HttpStatusCode.Created))["client_secret"]!.GetValue<string>();

        Assert.NotEqual(secretA, secretB);
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(a, "shared", secretA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(b, "shared", secretB)).StatusCode);
        await Api.AssertOAuthErrorAsync(await ClientCredentialsAsync(b, "shared", secretA), "invalid_client");
    }

    [Fact]
    public async Task Clients_Put_ReplacesRedirectUrisGrantsAndScopes_AndTakesEffect_KeepingTheSecret()
    {
        var tenant = await NewTenantAsync();
        var secret = (await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/clients",
            Confidential("editable", grants: ["authorization_code"], scopes: ["openid"])))["client_secret"]!.GetValue<string>();
        await Api.AssertOAuthErrorAsync(await ClientCredentialsAsync(tenant, "editable", secret, scope: null), "unauthorized_client");
        var browser = server.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(tenant, "editable", Redirect, BrowserSession.Verifier(), "openid"))).StatusCode);

        var updated = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/clients/editable", new
        {
            display_name = "Edited",
            redirect_uris = new[] { OtherRedirect },
            post_logout_redirect_uris = Array.Empty<string>(),
            grant_types = new[] { "authorization_code", "client_credentials" },
            scopes = new[] { "openid", "orders.read" },
            consent = "explicit",
        }), HttpStatusCode.OK);

        Assert.Equal("editable", updated["client_id"]!.GetValue<string>());
        Assert.Equal("confidential", updated["type"]!.GetValue<string>());
        Assert.False(updated.AsObject().ContainsKey("client_secret"));
        var read = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/editable");
        Assert.Equal("Edited", read["display_name"]!.GetValue<string>());
        Assert.Equal([OtherRedirect], ManagementAssert.Strings(read["redirect_uris"]));
        Assert.Empty(read["post_logout_redirect_uris"]!.AsArray());
        Assert.Equal(["authorization_code", "client_credentials"], ManagementAssert.Strings(read["grant_types"]).Order());
        Assert.Equal(["openid", "orders.read"], ManagementAssert.Strings(read["scopes"]).Order());
        Assert.Equal("explicit", read["consent"]!.GetValue<string>());

        // In effect: the new grant works with the old secret; the old redirect URI is refused, the new one accepted.
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(tenant, "editable", secret)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(tenant, "editable", Redirect, BrowserSession.Verifier(), "openid"))).StatusCode);
        var accepted = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(tenant, "editable", OtherRedirect, BrowserSession.Verifier(), "openid"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("/account/login", accepted.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Clients_PutOnAPublicClient_CannotAddClientCredentials_Is422_AndChangesNothing()
    {
        var tenant = await NewTenantAsync();
        await Api.CreateClientAsync(tenant, "pub", ["authorization_code"], ["openid"], type: "public", redirectUris: [Redirect]);
        var before = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/pub");

        // The type is fixed at creation: "confidential" in the body does not turn it into one.
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/clients/pub", new
        {
            type = "confidential",
            redirect_uris = new[] { OtherRedirect },
            grant_types = new[] { "authorization_code", "client_credentials" },
            scopes = new[] { "openid" },
        }), HttpStatusCode.UnprocessableEntity);

        Assert.True(JsonNode.DeepEquals(before, await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/pub")));
    }

    [Fact]
    public async Task Clients_PutOrDeleteUnknown_Is404()
    {
        var tenant = await NewTenantAsync();
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/nope"), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/clients/nope", Confidential("nope")), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Delete, $"/tenants/{tenant}/clients/nope"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Clients_Delete_Is204_ThenTheClientIsInvalidClient_AtTheTokenEndpoint()
    {
        var tenant = await NewTenantAsync();
        var secret = (await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", Confidential("doomed")))["client_secret"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(tenant, "doomed", secret)).StatusCode);

        var deleted = await Api.CallAsync(HttpMethod.Delete, $"/tenants/{tenant}/clients/doomed");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await Api.AssertOAuthErrorAsync(await ClientCredentialsAsync(tenant, "doomed", secret), "invalid_client");
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/doomed"), HttpStatusCode.NotFound);
        Assert.Equal(0L, await FixtureDatabase.ScalarAsync(server,
            "SELECT COUNT(*) FROM OpenIddictApplications WHERE TenantId = $tenant AND ClientId = 'doomed'", ("$tenant", tenant)));
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Delete, $"/tenants/{tenant}/clients/doomed"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Clients_DeleteInOneTenant_LeavesTheSameClientIdOfAnotherTenant()
    {
        var a = await NewTenantAsync();
        var b = await NewTenantAsync();
        await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{a}/clients", Confidential("twin"));
        var secretB = (await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{b}/clients", Confidential("twin")))["client_secret"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await Api.CallAsync(HttpMethod.Delete, $"/tenants/{a}/clients/twin")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(b, "twin", secretB)).StatusCode);
        await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{b}/clients/twin");
    }

    [Fact]
    public async Task AdminAppClient_CannotBeChangedOrDeleted_ThroughTheApi()
    {
        // The admin app signs this tenant's admins in with it: a change or deletion would lock them out.
        var tenant = await NewTenantAsync();
        var before = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/admin-app");
        var put = await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/clients/admin-app",
            new { display_name = "Mine now", grant_types = new[] { "client_credentials" }, scopes = new[] { "idp_admin" } });
        var delete = await Api.CallAsync(HttpMethod.Delete, $"/tenants/{tenant}/clients/admin-app");
        foreach (var response in new[] { put, delete })
        {
            var problem = await ManagementAssert.ProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Contains("managed by the server", problem["detail"]!.GetValue<string>());
        }
        var after = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/admin-app");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Clients_List_IsPaged_WithItemsAndTotal_OfThisTenantOnly()
    {
        var tenant = await NewTenantAsync();
        var other = await NewTenantAsync();
        await Api.CreateClientAsync(other, "elsewhere", ["client_credentials"], ["orders.read"]);
        foreach (var id in new[] { "c-three", "a-one", "b-two" })
        {
            await Api.CreateClientAsync(tenant, id, ["client_credentials"], ["orders.read"]);
        }

        var page1 = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients?page=1&page_size=2"), HttpStatusCode.OK);
        var page2 = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients?page=2&page_size=2"), HttpStatusCode.OK);
        var all = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients"), HttpStatusCode.OK);

        // Every tenant also has the admin app's registration (admin-app).
        ManagementAssert.HasMembers(page1, "items", "total");
        Assert.Equal(4, page1["total"]!.GetValue<long>());
        Assert.Equal(4, page2["total"]!.GetValue<long>());
        Assert.Equal(4, all["total"]!.GetValue<long>());
        Assert.Equal(["a-one", "admin-app"], page1["items"]!.AsArray().Select(c => c!["client_id"]!.GetValue<string>()));
        Assert.Equal(["b-two", "c-three"], page2["items"]!.AsArray().Select(c => c!["client_id"]!.GetValue<string>()));
        foreach (var item in all["items"]!.AsArray())
        {
            ManagementAssert.HasMembers(item!, "client_id", "display_name", "type", "redirect_uris", "grant_types", "scopes", "consent");
            Assert.False(item!.AsObject().ContainsKey("client_secret"));
        }
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page_size=0")]
    [InlineData("page_size=1000")]
    [InlineData("page=x")]
    public async Task Clients_ListWithBadPaging_Is400ProblemJson(string query)
    {
        var tenant = await NewTenantAsync();
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/clients?{query}"), HttpStatusCode.BadRequest);
    }
}
