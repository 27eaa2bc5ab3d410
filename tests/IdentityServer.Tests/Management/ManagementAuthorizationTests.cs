using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Management;

/// <summary>
/// Two tenants with an admin console client (code flow, scopes openid idp_admin), a tenant_admin,
/// a plain user and a client_credentials robot with idp_admin; and the tokens of each caller.
/// </summary>
public sealed class ManagementAuthorizationFixture : ServerFixture
{
    public const string A = "acme";
    public const string B = "bravo";
    public const string Redirect = "https://admin.example/callback";
    public const string Password = "Auth-Passw0rd!";
    public const string AdminOfA = "admin@acme.example";
    public const string UserOfA = "user@acme.example";
    public const string PlatformTenantAdmin = "deputy@platform.example";

    public Dictionary<string, string> ConsoleSecrets { get; } = new();
    public Dictionary<string, string> UserIds { get; } = new();
    public Dictionary<string, string> Tokens { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var tenant in new[] { A, B, "platform" })
        {
            if (tenant != "platform")
            {
                await Api.CreateTenantAsync(tenant);
            }
            ConsoleSecrets[tenant] = (await Api.CreateClientAsync(tenant, "console", ["authorization_code"], ["openid", "idp_admin"], redirectUris: [Redirect]))!;
        }
        UserIds[AdminOfA] = await Api.CreateUserAsync(A, AdminOfA, Password, ["tenant_admin"]);
        UserIds[UserOfA] = await Api.CreateUserAsync(A, UserOfA, Password);
        UserIds["user@bravo.example"] = await Api.CreateUserAsync(B, "user@bravo.example", Password);
        UserIds[PlatformTenantAdmin] = await Api.CreateUserAsync("platform", PlatformTenantAdmin, Password, ["tenant_admin"]);
        var robotSecret = await Api.CreateClientAsync(A, "robot", ["client_credentials"], ["idp_admin"]);

        Tokens["platform-automation"] = await Api.PlatformTokenAsync();
        Tokens["platform-automation-without-idp_admin"] = await Api.ClientCredentialsAsync("platform", "platform-automation", ServerFactory.AutomationSecret);
        var platformAdmin = await CodeFlowAsync("platform", ServerFactory.AdminEmail, "openid idp_admin");
        Tokens["platform-admin-user"] = platformAdmin["access_token"]!.GetValue<string>();
        Tokens["platform-tenant-admin"] = (await CodeFlowAsync("platform", PlatformTenantAdmin, "openid idp_admin"))["access_token"]!.GetValue<string>();
        var adminA = await CodeFlowAsync(A, AdminOfA, "openid idp_admin");
        Tokens["tenant-admin-a"] = adminA["access_token"]!.GetValue<string>();
        Tokens["tenant-admin-a-id-token"] = adminA["id_token"]!.GetValue<string>();
        Tokens["tenant-admin-a-without-idp_admin"] = (await CodeFlowAsync(A, AdminOfA, "openid"))["access_token"]!.GetValue<string>();
        Tokens["plain-user-a"] = (await CodeFlowAsync(A, UserOfA, "openid idp_admin"))["access_token"]!.GetValue<string>();
        Tokens["client-credentials-a"] = await Api.ClientCredentialsAsync(A, "robot", robotSecret!, "idp_admin");
    }

    public Task<JsonNode> CodeFlowAsync(string tenant, string email, string scope) =>
        HostedSignIn.CodeFlowAsync(this, tenant, "console", ConsoleSecrets[tenant], Redirect, email, PasswordOf(tenant, email), scope);

    private static string PasswordOf(string tenant, string email) =>
        tenant == "platform" && email == ServerFactory.AdminEmail ? ServerFactory.AdminPassword : Password;
}

/// <summary>SPEC 7: who may call what. No token 401; platform admins everything; tenant_admin its own tenant; anything else 403.</summary>
public sealed class ManagementAuthorizationTests(ManagementAuthorizationFixture server) : IClassFixture<ManagementAuthorizationFixture>
{
    private const string A = ManagementAuthorizationFixture.A;
    private const string B = ManagementAuthorizationFixture.B;

    private Api Api => server.Api;

    private string Token(string caller) => server.Tokens[caller];

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1" + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            // PATCH settings takes a JSON merge patch (issue 12 point 14).
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, method == "PATCH" ? "application/merge-patch+json" : "application/json");
        }
        return await Api.Http.SendAsync(request);
    }

    /// <summary>Reads of a tenant's resources, {0} the slug and {1} a user of that tenant.</summary>
    private static readonly string[] TenantReads =
    [
        "/tenants/{0}", "/tenants/{0}/settings", "/tenants/{0}/clients", "/tenants/{0}/clients/console",
        "/tenants/{0}/users", "/tenants/{0}/users/{1}", "/tenants/{0}/keys",
    ];

    private string UserOf(string tenant) => tenant switch
    {
        A => server.UserIds[ManagementAuthorizationFixture.UserOfA],
        B => server.UserIds["user@bravo.example"],
        _ => "none",
    };

    private IEnumerable<string> ReadsOf(string tenant) => TenantReads.Select(p => string.Format(System.Globalization.CultureInfo.InvariantCulture, p, tenant, UserOf(tenant)));

    /// <summary>Every write of a tenant's resources (method, path, body).</summary>
    private List<(string Method, string Path, string? Body)> WritesOf(string tenant, string tag) =>
    [
        ("PUT", $"/tenants/{tenant}/settings", """{"display_name": "Taken over", "sign_in": {"sms": {"max_attempts": 3}}}"""),
        ("POST", $"/tenants/{tenant}/clients", $$"""{"client_id": "intruder-{{tag}}", "grant_types": ["client_credentials"], "scopes": ["idp_admin"]}"""),
        ("PUT", $"/tenants/{tenant}/clients/console", """{"redirect_uris": ["https://evil.example/cb"], "grant_types": ["authorization_code"], "scopes": ["openid", "idp_admin"]}"""),
        ("DELETE", $"/tenants/{tenant}/clients/console", null),
        ("POST", $"/tenants/{tenant}/users", $$"""{"email": "intruder-{{tag}}@evil.example", "password": "Intrud3r-Passw0rd!", "roles": ["tenant_admin"]}"""),
        ("PUT", $"/tenants/{tenant}/users/{UserOf(tenant)}", """{"roles": ["tenant_admin"], "password": "Intrud3r-Passw0rd!"}"""),
        ("POST", $"/tenants/{tenant}/users/{UserOf(tenant)}/disable", null),
        ("POST", $"/tenants/{tenant}/users/{UserOf(tenant)}/mfa/reset", null),
        ("DELETE", $"/tenants/{tenant}/users/{UserOf(tenant)}", null),
        ("POST", $"/tenants/{tenant}/keys/rotate", null),
        ("POST", $"/tenants/{tenant}/keys/any-kid/revoke", null),
    ];

    /// <summary>What the platform sees of a tenant, to show a refused write changed nothing.</summary>
    private async Task<string> SnapshotAsync(string tenant)
    {
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/settings");
        var clients = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients?page_size=200");
        var users = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users?page_size=200");
        return new JsonObject { ["settings"] = settings, ["clients"] = clients, ["users"] = users }.ToJsonString();
    }

    private async Task AssertForbiddenAsync(string caller, string method, string path, string? body = null)
    {
        var problem = await ManagementAssert.ProblemAsync(await SendAsync(method, path, Token(caller), body), HttpStatusCode.Forbidden);
        Assert.Equal(403, problem["status"]!.GetValue<int>());
    }

    private static readonly string[] PlatformOnly = ["GET /tenants", "POST /tenants", "POST /tenants/{0}/disable", "POST /tenants/{0}/enable", "PATCH /tenants/{0}"];

    public static TheoryData<string> Callers403 => new()
    {
        "plain-user-a", "client-credentials-a", "platform-automation-without-idp_admin", "tenant-admin-a-without-idp_admin",
    };

    // ---- 401 -----------------------------------------------------------------------------------

    public static TheoryData<string, string> EveryResource => new()
    {
        { "GET", "/tenants" }, { "POST", "/tenants" }, { "GET", $"/tenants/{A}" }, { "GET", $"/tenants/{A}/settings" },
        { "PUT", $"/tenants/{A}/settings" }, { "GET", $"/tenants/{A}/clients" }, { "POST", $"/tenants/{A}/clients" },
        { "GET", $"/tenants/{A}/users" }, { "POST", $"/tenants/{A}/users" }, { "POST", $"/tenants/{A}/disable" },
    };

    [Theory]
    [MemberData(nameof(EveryResource))]
    public async Task NoToken_Is401_WithABearerChallenge(string method, string path)
    {
        var response = await SendAsync(method, path, token: null, body: method is "POST" or "PUT" ? "{}" : null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task NoToken_Is401_ProblemJson()
    {
        await ManagementAssert.ProblemAsync(await SendAsync("GET", $"/tenants/{A}/settings", token: null), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task MalformedOrUnsignedBearer_Is401(string token)
    {
        var response = await SendAsync("GET", $"/tenants/{A}/settings", token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task IdTokenUsedAsBearer_Is401()
    {
        var response = await SendAsync("GET", $"/tenants/{A}/settings", Token("tenant-admin-a-id-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // The access token of the same sign-in works: the refusal is about the token's type.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", $"/tenants/{A}/settings", Token("tenant-admin-a"))).StatusCode);
    }

    [Fact]
    public async Task TokenOfADisabledTenant_Is401_AndWorksAgainOnceEnabled()
    {
        await Api.CreateTenantAsync("dormant");
        var secret = await Api.CreateClientAsync("dormant", "console", ["authorization_code"], ["openid", "idp_admin"], redirectUris: [ManagementAuthorizationFixture.Redirect]);
        await Api.CreateUserAsync("dormant", "admin@dormant.example", ManagementAuthorizationFixture.Password, ["tenant_admin"]);
        var token = (await HostedSignIn.CodeFlowAsync(server, "dormant", "console", secret, ManagementAuthorizationFixture.Redirect,
            "admin@dormant.example", ManagementAuthorizationFixture.Password, "openid idp_admin"))["access_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/tenants/dormant/settings", token)).StatusCode);

        await Api.CallOkAsync(HttpMethod.Post, "/tenants/dormant/disable");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("GET", "/tenants/dormant/settings", token)).StatusCode);

        await Api.CallOkAsync(HttpMethod.Post, "/tenants/dormant/enable");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/tenants/dormant/settings", token)).StatusCode);
    }

    // ---- platform admins -----------------------------------------------------------------------

    [Theory]
    [InlineData("platform-automation")]
    [InlineData("platform-admin-user")]
    public async Task PlatformAdmin_ManagesEveryTenant(string caller)
    {
        foreach (var tenant in new[] { A, B, "platform" })
        {
            foreach (var path in ReadsOf(tenant).Where(p => tenant != "platform" || !p.Contains("/users/", StringComparison.Ordinal)))
            {
                var response = await SendAsync("GET", path, Token(caller));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{caller} GET {path}: {(int)response.StatusCode}");
            }
        }
        var list = await ManagementAssert.JsonAsync(await SendAsync("GET", "/tenants", Token(caller)), HttpStatusCode.OK);
        Assert.True(list["total"]!.GetValue<long>() >= 3);

        var slug = caller == "platform-automation" ? "made-by-automation" : "made-by-admin";
        await ManagementAssert.JsonAsync(await SendAsync("POST", "/tenants", Token(caller), $$"""{"slug": "{{slug}}"}"""), HttpStatusCode.Created);
        await ManagementAssert.JsonAsync(await SendAsync("POST", $"/tenants/{slug}/clients", Token(caller),
            """{"client_id": "svc", "grant_types": ["client_credentials"], "scopes": ["orders"]}"""), HttpStatusCode.Created);
        await ManagementAssert.JsonAsync(await SendAsync("POST", $"/tenants/{slug}/users", Token(caller),
            """{"email": "someone@made.example"}"""), HttpStatusCode.Created);
        await ManagementAssert.JsonAsync(await SendAsync("PATCH", $"/tenants/{slug}/settings", Token(caller),
            """{"sign_in": {"sms": {"max_attempts": 4}}}"""), HttpStatusCode.OK);
        await ManagementAssert.JsonAsync(await SendAsync("POST", $"/tenants/{slug}/disable", Token(caller)), HttpStatusCode.OK);
    }

    [Fact]
    public async Task PlatformAdmin_OnAnUnknownTenant_Gets404()
    {
        await ManagementAssert.ProblemAsync(await SendAsync("GET", "/tenants/nowhere/settings", Token("platform-automation")), HttpStatusCode.NotFound);
    }

    // ---- tenant_admin of A ---------------------------------------------------------------------

    [Fact]
    public async Task TenantAdminOfA_ReadsTheSettingsClientsAndUsersOfA()
    {
        // GET /tenants/{A} itself is left out: SPEC 7 lists tenant "read" among the platform admins' operations.
        foreach (var path in ReadsOf(A).Where(p => p != $"/tenants/{A}"))
        {
            await ManagementAssert.JsonAsync(await SendAsync("GET", path, Token("tenant-admin-a")), HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task TenantAdminOfA_ChangesA_WithTheEffectStored()
    {
        var token = Token("tenant-admin-a");

        await ManagementAssert.JsonAsync(await SendAsync("PATCH", $"/tenants/{A}/settings", token,
            """{"display_name": "Acme by its admin", "sign_in": {"sms": {"max_attempts": 7}}}"""), HttpStatusCode.OK);
        var client = await ManagementAssert.JsonAsync(await SendAsync("POST", $"/tenants/{A}/clients", token,
            """{"client_id": "made-by-tenant-admin", "grant_types": ["client_credentials"], "scopes": ["orders"]}"""), HttpStatusCode.Created);
        var user = await ManagementAssert.JsonAsync(await SendAsync("POST", $"/tenants/{A}/users", token,
            """{"email": "colleague@acme.example", "given_name": "Col"}"""), HttpStatusCode.Created);
        var userId = user["id"]!.GetValue<string>();
        await ManagementAssert.JsonAsync(await SendAsync("PUT", $"/tenants/{A}/users/{userId}", token, """{"family_name": "League"}"""), HttpStatusCode.OK);
        await ManagementAssert.JsonAsync(await SendAsync("POST", $"/tenants/{A}/users/{userId}/disable", token), HttpStatusCode.OK);

        // Seen by the platform: the changes are A's.
        Assert.Equal(7, (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{A}/settings"))["sign_in"]!["sms"]!["max_attempts"]!.GetValue<int>());
        Assert.Equal("Acme by its admin", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{A}"))["display_name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Api.ClientCredentialsResponseAsync(A, "made-by-tenant-admin", client["client_secret"]!.GetValue<string>())).StatusCode);
        var stored = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{A}/users/{userId}");
        Assert.Equal("League", stored["family_name"]!.GetValue<string>());
        Assert.Equal("disabled", stored["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync("DELETE", $"/tenants/{A}/users/{userId}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync("DELETE", $"/tenants/{A}/clients/made-by-tenant-admin", token)).StatusCode);
    }

    [Fact]
    public async Task TenantAdminOfA_Gets403_OnEveryReadOfB()
    {
        foreach (var path in ReadsOf(B))
        {
            await AssertForbiddenAsync("tenant-admin-a", "GET", path);
        }
    }

    [Fact]
    public async Task TenantAdminOfA_Gets403_OnEveryWriteOfB_AndBIsUnchanged()
    {
        var before = await SnapshotAsync(B);

        foreach (var (method, path, body) in WritesOf(B, "a-admin"))
        {
            await AssertForbiddenAsync("tenant-admin-a", method, path, body);
        }

        Assert.Equal(before, await SnapshotAsync(B));
    }

    [Fact]
    public async Task TenantAdminOfA_Gets403_OnTenantCreateListAndStatus_EvenForItsOwnTenant()
    {
        var before = (await Api.CallOkAsync(HttpMethod.Get, "/tenants?page_size=200"))["total"]!.GetValue<long>();

        await AssertForbiddenAsync("tenant-admin-a", "GET", "/tenants");
        await AssertForbiddenAsync("tenant-admin-a", "GET", $"/tenants/{A}");
        await AssertForbiddenAsync("tenant-admin-a", "GET", $"/tenants/{B}");
        await AssertForbiddenAsync("tenant-admin-a", "POST", "/tenants", """{"slug": "by-tenant-admin"}""");
        await AssertForbiddenAsync("tenant-admin-a", "POST", $"/tenants/{B}/disable");
        await AssertForbiddenAsync("tenant-admin-a", "POST", $"/tenants/{A}/disable");
        await AssertForbiddenAsync("tenant-admin-a", "POST", $"/tenants/{A}/enable");
        await AssertForbiddenAsync("tenant-admin-a", "PATCH", $"/tenants/{A}", """{"status": "disabled"}""");

        Assert.Equal(before, (await Api.CallOkAsync(HttpMethod.Get, "/tenants?page_size=200"))["total"]!.GetValue<long>());
        Assert.Equal("active", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{A}"))["status"]!.GetValue<string>());
        Assert.Equal("active", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{B}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TenantAdminOfA_Gets403_OnAnUnknownTenant_NotWhetherItExists()
    {
        await AssertForbiddenAsync("tenant-admin-a", "GET", "/tenants/nowhere/settings");
        await AssertForbiddenAsync("tenant-admin-a", "GET", "/tenants/platform/settings");
    }

    [Fact]
    public async Task TenantAdminOfA_CannotGiveAnyonePlatformAdmin()
    {
        var self = server.UserIds[ManagementAuthorizationFixture.AdminOfA];

        await ManagementAssert.ProblemAsync(await SendAsync("PUT", $"/tenants/{A}/users/{self}", Token("tenant-admin-a"),
            """{"roles": ["tenant_admin", "platform_admin"]}"""), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["tenant_admin"], ManagementAssert.Strings((await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{A}/users/{self}"))["roles"]));
    }

    // ---- everyone else: 403 ---------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Callers403))]
    public async Task CallerThatIsNeitherPlatformAdminNorTenantAdminWithIdpAdmin_Gets403_OnItsOwnTenant(string caller)
    {
        // Its own tenant is A for the users and the robot; the platform for platform-automation.
        var own = caller.StartsWith("platform", StringComparison.Ordinal) ? "platform" : A;
        var before = await SnapshotAsync(A);

        foreach (var path in ReadsOf(own).Where(p => own != "platform" || !p.Contains("/users/", StringComparison.Ordinal)))
        {
            await AssertForbiddenAsync(caller, "GET", path);
        }
        foreach (var (method, path, body) in WritesOf(A, caller))
        {
            await AssertForbiddenAsync(caller, method, path, body);
        }

        Assert.Equal(before, await SnapshotAsync(A));
    }

    [Theory]
    [MemberData(nameof(Callers403))]
    public async Task CallerThatIsNeitherPlatformAdminNorTenantAdminWithIdpAdmin_Gets403_OnOtherTenantsAndTenantAdministration(string caller)
    {
        foreach (var path in ReadsOf(B))
        {
            await AssertForbiddenAsync(caller, "GET", path);
        }
        foreach (var entry in PlatformOnly)
        {
            var (method, path) = (entry.Split(' ')[0], string.Format(System.Globalization.CultureInfo.InvariantCulture, entry.Split(' ')[1], B));
            await AssertForbiddenAsync(caller, method, path, method is "POST" or "PATCH" ? """{"slug": "nope-tenant", "status": "disabled"}""" : null);
        }
        Assert.Equal("active", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{B}"))["status"]!.GetValue<string>());
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, "/tenants/nope-tenant"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PlainUserOfA_WithIdpAdminScope_Gets403_OnA()
    {
        // Spelled out for the matrix of the brief; the theories above cover every resource.
        await AssertForbiddenAsync("plain-user-a", "GET", $"/tenants/{A}/settings");
        await AssertForbiddenAsync("plain-user-a", "GET", $"/tenants/{A}/users");
        await AssertForbiddenAsync("plain-user-a", "GET", $"/tenants/{A}/clients");
    }

    [Fact]
    public async Task ClientCredentialsTokenOfANonPlatformTenant_WithIdpAdmin_Gets403()
    {
        await AssertForbiddenAsync("client-credentials-a", "GET", $"/tenants/{A}/settings");
        await AssertForbiddenAsync("client-credentials-a", "GET", $"/tenants/{B}/settings");
        await AssertForbiddenAsync("client-credentials-a", "GET", "/tenants");
    }

    [Fact]
    public async Task TokenWithoutIdpAdminScope_Gets403_EvenForAdmins()
    {
        await AssertForbiddenAsync("platform-automation-without-idp_admin", "GET", "/tenants");
        await AssertForbiddenAsync("platform-automation-without-idp_admin", "GET", $"/tenants/{A}/settings");
        await AssertForbiddenAsync("tenant-admin-a-without-idp_admin", "GET", $"/tenants/{A}/settings");
    }

    // ---- tenant_admin of the platform tenant -----------------------------------------------------

    [Fact]
    public async Task TenantAdminOfPlatform_WithoutPlatformAdmin_ManagesNoOtherTenant()
    {
        await AssertForbiddenAsync("platform-tenant-admin", "GET", $"/tenants/{B}/settings");
        await AssertForbiddenAsync("platform-tenant-admin", "GET", "/tenants");
    }

    [Fact]
    public async Task TenantAdminOfPlatform_WithoutPlatformAdmin_CannotMintAPlatformClientWithIdpAdmin()
    {
        // A platform client granted idp_admin manages every tenant (SPEC 7): minting one is a platform admin's act.
        var mint = await SendAsync("POST", "/tenants/platform/clients", Token("platform-tenant-admin"),
            """{"client_id": "escalator", "grant_types": ["client_credentials"], "scopes": ["idp_admin"]}""");

        if (mint.StatusCode == HttpStatusCode.Created)
        {
            var secret = (await Api.ReadJsonAsync(mint))["client_secret"]!.GetValue<string>();
            var minted = await Api.ClientCredentialsAsync("platform", "escalator", secret, "idp_admin");
            var reach = await SendAsync("GET", $"/tenants/{B}/settings", minted);
            await Api.CallAsync(HttpMethod.Delete, "/tenants/platform/clients/escalator");
            Assert.Fail($"a tenant_admin of platform (not platform_admin) created a platform client with idp_admin, " +
                $"whose token then read tenant {B}'s settings with {(int)reach.StatusCode}");
        }
        await ManagementAssert.ProblemAsync(mint, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TenantAdminOfPlatform_WithoutPlatformAdmin_CannotGrantItselfPlatformAdmin()
    {
        var self = server.UserIds[ManagementAuthorizationFixture.PlatformTenantAdmin];

        var promote = await SendAsync("PUT", $"/tenants/platform/users/{self}", Token("platform-tenant-admin"),
            """{"roles": ["tenant_admin", "platform_admin"]}""");

        var roles = ManagementAssert.Strings((await Api.CallOkAsync(HttpMethod.Get, $"/tenants/platform/users/{self}"))["roles"]);
        if (roles.Contains("platform_admin"))
        {
            await Api.CallOkAsync(HttpMethod.Put, $"/tenants/platform/users/{self}", new { roles = new[] { "tenant_admin" } });
        }
        Assert.DoesNotContain("platform_admin", roles);
        await ManagementAssert.ProblemAsync(promote, HttpStatusCode.Forbidden);
    }
}
