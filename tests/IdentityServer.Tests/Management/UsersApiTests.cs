using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Management;

/// <summary>SPEC 7: /api/v1/tenants/{slug}/users (CRUD, disable, reset MFA).</summary>
public sealed class UsersApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Redirect = "https://rp.example/callback";
    private const string Password = "Str0ng-Passw0rd!";

    private Api Api => server.Api;

    /// <summary>A new tenant with a confidential "web" client for the code flow; returns the slug and the client's secret.</summary>
    private async Task<(string Tenant, string Secret)> NewTenantAsync()
    {
        var slug = await Api.NewTenantAsync("users");
        // Phones set through this API follow U1 and the tenant's countries (issue 12 point 11): these tests set phones freely.
        var settings = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{slug}/settings");
        settings["sign_in"]!["sms"]!["require_second_factor"] = false;
        settings["sign_in"]!["sms"]!["allowed_countries"] = new System.Text.Json.Nodes.JsonArray("US", "GB", "GG", "JE", "IM");
        await Api.CallOkAsync(HttpMethod.Put, $"/tenants/{slug}/settings", settings.ToJsonString());
        var secret = await Api.CreateClientAsync(slug, "web", ["authorization_code", "refresh_token"],
            ["openid", "profile", "email", "offline_access"], redirectUris: [Redirect]);
        return (slug, secret!);
    }

    private async Task<JsonNode> CreateAsync(string tenant, object body) =>
        await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users", body), HttpStatusCode.Created);

    private async Task<long> TotalAsync(string tenant, string query = "") =>
        (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users?{query}"))["total"]!.GetValue<long>();

    private async Task<string> RefreshTokenAsync(string tenant, string secret, string email, string password) =>
        (await HostedSignIn.CodeFlowAsync(server, tenant, "web", secret, Redirect, email, password, "openid offline_access"))["refresh_token"]!.GetValue<string>();

    [Fact]
    public async Task Users_Create_Is201_WithTheSpec7Shape_AndNoPasswordEchoed()
    {
        var (tenant, _) = await NewTenantAsync();

        var response = await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users", new
        {
            email = "ada@users.example",
            email_verified = true,
            phone_number = "+14155552671",
            phone_number_verified = false,
            given_name = "Ada",
            family_name = "Lovelace",
            roles = new[] { "tenant_admin" },
            password = Password,
        });
        var text = await response.Content.ReadAsStringAsync();
        var body = await ManagementAssert.JsonAsync(response, HttpStatusCode.Created);
        await ManagementAssert.LocationResolvesAsync(Api, response);

        ManagementAssert.HasMembers(body, "id", "email", "email_verified", "phone_number", "phone_number_verified",
            "given_name", "family_name", "roles", "status", "factors");
        Assert.False(body.AsObject().ContainsKey("password"), text);
        Assert.DoesNotContain(Password, text);
        var id = body["id"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal("ada@users.example", body["email"]!.GetValue<string>());
        Assert.True(body["email_verified"]!.GetValue<bool>());
        Assert.Equal("+14155552671", body["phone_number"]!.GetValue<string>());
        Assert.False(body["phone_number_verified"]!.GetValue<bool>());
        Assert.Equal("Ada", body["given_name"]!.GetValue<string>());
        Assert.Equal("Lovelace", body["family_name"]!.GetValue<string>());
        Assert.Equal(["tenant_admin"], ManagementAssert.Strings(body["roles"]));
        Assert.Equal("active", body["status"]!.GetValue<string>());
        Assert.IsType<JsonArray>(body["factors"]);

        // Stored: readable, and the password only as a hash.
        var read = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"), HttpStatusCode.OK);
        Assert.Equal("ada@users.example", read["email"]!.GetValue<string>());
        Assert.False(read.AsObject().ContainsKey("password"));
        var hash = await FixtureDatabase.ScalarAsync(server, "SELECT PasswordHash FROM AspNetUsers WHERE Id = $id", ("$id", id)) as string;
        Assert.False(string.IsNullOrEmpty(hash));
        Assert.DoesNotContain(Password, hash);
    }

    [Fact]
    public async Task Users_CreateWithPassword_CanSignInOnTheHostedPage()
    {
        var (tenant, secret) = await NewTenantAsync();
        await CreateAsync(tenant, new { email = "signin@users.example", password = Password });

        var tokens = await HostedSignIn.CodeFlowAsync(server, tenant, "web", secret, Redirect, "signin@users.example", Password, "openid");
        Assert.NotNull(tokens["id_token"]);
    }

    [Fact]
    public async Task Users_CreateDuplicateEmail_InTheSameTenant_Is409_EvenInAnotherCase()
    {
        var (tenant, _) = await NewTenantAsync();
        await CreateAsync(tenant, new { email = "dup@users.example", password = Password });

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users",
            new { email = "dup@users.example", password = Password }), HttpStatusCode.Conflict);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users",
            new { email = "DUP@users.example", password = Password }), HttpStatusCode.Conflict);

        Assert.Equal(1, await TotalAsync(tenant, "search=dup"));
    }

    [Fact]
    public async Task Users_AnotherUsersPhoneNumber_InTheSameTenant_Is409_OnCreateAndUpdate()
    {
        var (tenant, _) = await NewTenantAsync();
        var (other, _) = await NewTenantAsync();
        await CreateAsync(tenant, new { email = "phone1@users.example", phone_number = "+14155550101" });
        var second = (await CreateAsync(tenant, new { email = "phone2@users.example" }))["id"]!.GetValue<string>();

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users",
            new { email = "phone3@users.example", phone_number = "+14155550101" }), HttpStatusCode.Conflict);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/users/{second}",
            new { phone_number = "+14155550101" }), HttpStatusCode.Conflict);

        Assert.Null((await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{second}"))["phone_number"]);
        Assert.Equal(2, await TotalAsync(tenant));
        // The same phone in another tenant is another user (SPEC 2).
        await CreateAsync(other, new { email = "phone1@users.example", phone_number = "+14155550101" });
    }

    [Fact]
    public async Task Users_SameEmail_InAnotherTenant_IsAllowed()
    {
        var (a, _) = await NewTenantAsync();
        var (b, _) = await NewTenantAsync();

        var inA = await CreateAsync(a, new { email = "same@users.example", password = Password });
        var inB = await CreateAsync(b, new { email = "same@users.example", password = "An0ther-Passw0rd!" });

        Assert.NotEqual(inA["id"]!.GetValue<string>(), inB["id"]!.GetValue<string>());
        Assert.Equal(1, await TotalAsync(a, "search=same"));
        Assert.Equal(1, await TotalAsync(b, "search=same"));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("alllowercase")]
    [InlineData("NoDigitsHere!")]
    [InlineData("n0-upper-case")]
    [InlineData("N0NONALPHANUM")]
    public async Task Users_CreateWithWeakPassword_Is422_AndCreatesNothing(string weak)
    {
        var (tenant, _) = await NewTenantAsync();

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users",
            new { email = "weak@users.example", password = weak }), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]?["password"]);
        Assert.DoesNotContain(weak, problem.ToJsonString());
        Assert.Equal(0, await TotalAsync(tenant));
    }

    public static TheoryData<string, string> InvalidUsers => new()
    {
        { "email", """{"password": "Str0ng-Passw0rd!"}""" },
        { "email", """{"email": "not-an-email"}""" },
        { "email", """{"email": "Name <name@users.example>"}""" },
        { "phone_number", """{"phone_number": "555 0100"}""" },
        { "roles", """{"email": "r@users.example", "roles": ["platform_admin"]}""" },
        { "roles", """{"email": "r@users.example", "roles": ["superuser"]}""" },
        { "status", """{"email": "s@users.example", "status": "frozen"}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidUsers))]
    public async Task Users_CreateBreakingARule_Is422_NamingTheField(string field, string raw)
    {
        var (tenant, _) = await NewTenantAsync();

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users", raw), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]?[field]);
        Assert.Equal(0, await TotalAsync(tenant));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"email\": 5}")]
    [InlineData("{\"email\": \"x@users.example\", \"roles\": \"tenant_admin\"}")]
    public async Task Users_CreateWithMalformedJson_Is400ProblemJson(string raw)
    {
        var (tenant, _) = await NewTenantAsync();
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users", raw), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Users_Search_FindsByEmailNameAndPhone_WithinTheTenant()
    {
        var (tenant, _) = await NewTenantAsync();
        var (other, _) = await NewTenantAsync();
        await CreateAsync(tenant, new { email = "grace.hopper@navy.example", given_name = "Grace", family_name = "Hopper" });
        await CreateAsync(tenant, new { email = "alan@bletchley.example", given_name = "Alan", family_name = "Turing", phone_number = "+447911123456" });
        await CreateAsync(tenant, new { email = "katherine@nasa.example", given_name = "Katherine", family_name = "Johnson" });
        await CreateAsync(other, new { email = "grace.other@navy.example", given_name = "Grace" });

        async Task<List<string>> SearchAsync(string term)
        {
            var page = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/users?search={Uri.EscapeDataString(term)}"), HttpStatusCode.OK);
            var emails = page["items"]!.AsArray().Select(u => u!["email"]!.GetValue<string>()).Order().ToList();
            Assert.Equal(emails.Count, page["total"]!.GetValue<long>());
            return emails;
        }

        Assert.Equal(["grace.hopper@navy.example"], await SearchAsync("navy"));
        Assert.Equal(["grace.hopper@navy.example"], await SearchAsync("GRACE.HOPPER"));
        Assert.Equal(["alan@bletchley.example"], await SearchAsync("Turing"));
        Assert.Equal(["alan@bletchley.example"], await SearchAsync("+4479111"));
        Assert.Equal(["katherine@nasa.example"], await SearchAsync("Katherine"));
        Assert.Equal(["alan@bletchley.example", "grace.hopper@navy.example", "katherine@nasa.example"], await SearchAsync(".example"));
        Assert.Empty(await SearchAsync("nobody-matches"));
    }

    [Fact]
    public async Task Users_List_IsPaged_WithItemsAndTotal()
    {
        var (tenant, _) = await NewTenantAsync();
        foreach (var n in Enumerable.Range(1, 5))
        {
            await CreateAsync(tenant, new { email = $"page{n}@users.example" });
        }

        var ids = new List<string>();
        foreach (var page in Enumerable.Range(1, 3))
        {
            var body = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/users?page={page}&page_size=2"), HttpStatusCode.OK);
            ManagementAssert.HasMembers(body, "items", "total");
            Assert.Equal(5, body["total"]!.GetValue<long>());
            Assert.Equal(page == 3 ? 1 : 2, body["items"]!.AsArray().Count);
            ids.AddRange(body["items"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()));
        }
        Assert.Equal(5, ids.Distinct().Count());

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/users?page=0"), HttpStatusCode.BadRequest);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/users?page_size=201"), HttpStatusCode.BadRequest);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/users?search={new string('x', 201)}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Users_Update_ChangesTheGivenFields_AndKeepsTheOthers()
    {
        var (tenant, secret) = await NewTenantAsync();
        var id = (await CreateAsync(tenant, new { email = "upd@users.example", given_name = "Old", family_name = "Name", password = Password }))["id"]!.GetValue<string>();

        var updated = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/users/{id}", new
        {
            given_name = "New",
            roles = new[] { "tenant_admin" },
            phone_number = "+14155552671",
            phone_number_verified = true,
        }), HttpStatusCode.OK);

        Assert.Equal(id, updated["id"]!.GetValue<string>());
        var read = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}");
        Assert.Equal("New", read["given_name"]!.GetValue<string>());
        Assert.Equal("Name", read["family_name"]!.GetValue<string>());
        Assert.Equal("upd@users.example", read["email"]!.GetValue<string>());
        Assert.Equal(["tenant_admin"], ManagementAssert.Strings(read["roles"]));
        Assert.Equal("+14155552671", read["phone_number"]!.GetValue<string>());
        Assert.True(read["phone_number_verified"]!.GetValue<bool>());
        // The password was not part of the change: it still signs in, and the token carries the new name.
        var tokens = await HostedSignIn.CodeFlowAsync(server, tenant, "web", secret, Redirect, "upd@users.example", Password, "openid profile");
        Assert.Equal("New", Jwt.Payload(tokens["id_token"]!.GetValue<string>())["given_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Users_UpdatePassword_TheNewOneSignsIn_TheOldOneNoLonger()
    {
        var (tenant, _) = await NewTenantAsync();
        var id = (await CreateAsync(tenant, new { email = "pw@users.example", password = Password }))["id"]!.GetValue<string>();
        const string newPassword = "Brand-N3w-Passw0rd!";

        var updated = await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/users/{id}", new { password = newPassword });

        Assert.DoesNotContain(newPassword, await updated.Content.ReadAsStringAsync());
        await ManagementAssert.JsonAsync(updated, HttpStatusCode.OK);
        await HostedSignIn.AssertSignInAcceptedAsync(server, tenant, "web", Redirect, "pw@users.example", newPassword);
        await HostedSignIn.AssertSignInRefusedAsync(server, tenant, "web", Redirect, "pw@users.example", Password);
    }

    [Fact]
    public async Task Users_UpdateWithWeakPassword_Is422_AndChangesNothing_TheOldPasswordStillSignsIn()
    {
        var (tenant, _) = await NewTenantAsync();
        var id = (await CreateAsync(tenant, new { email = "keep@users.example", given_name = "Kept", password = Password }))["id"]!.GetValue<string>();

        var problem = await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/users/{id}",
            new { given_name = "Changed", password = "weak" }), HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]?["password"]);
        Assert.Equal("Kept", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"))["given_name"]!.GetValue<string>());
        await HostedSignIn.AssertSignInAcceptedAsync(server, tenant, "web", Redirect, "keep@users.example", Password);
    }

    [Fact]
    public async Task Users_UpdateEmailToAnotherUsersEmail_Is409_AndChangesNothing()
    {
        var (tenant, _) = await NewTenantAsync();
        await CreateAsync(tenant, new { email = "first@users.example" });
        var id = (await CreateAsync(tenant, new { email = "second@users.example" }))["id"]!.GetValue<string>();

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{tenant}/users/{id}",
            new { email = "first@users.example" }), HttpStatusCode.Conflict);

        Assert.Equal("second@users.example", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"))["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Users_Disable_BlocksTheHostedSignIn_AndTheRefreshToken_EnableRestoresSignIn()
    {
        var (tenant, secret) = await NewTenantAsync();
        const string email = "off@users.example";
        var id = (await CreateAsync(tenant, new { email, password = Password }))["id"]!.GetValue<string>();
        var refresh = await RefreshTokenAsync(tenant, secret, email, Password);
        await HostedSignIn.AssertSignInAcceptedAsync(server, tenant, "web", Redirect, email, Password);

        var disabled = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users/{id}/disable"), HttpStatusCode.OK);

        Assert.Equal("disabled", disabled["status"]!.GetValue<string>());
        Assert.Equal("disabled", (await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"))["status"]!.GetValue<string>());
        await HostedSignIn.AssertSignInRefusedAsync(server, tenant, "web", Redirect, email, Password);
        var refreshed = await HostedSignIn.RefreshAsync(server, tenant, "web", secret, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.StatusCode);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(refreshed))["error"]!.GetValue<string>());

        var enabled = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users/{id}/enable"), HttpStatusCode.OK);
        Assert.Equal("active", enabled["status"]!.GetValue<string>());
        await HostedSignIn.AssertSignInAcceptedAsync(server, tenant, "web", Redirect, email, Password);
    }

    [Fact]
    public async Task Users_Disable_EndsTheBrowserSessionOfTheUser()
    {
        var (tenant, _) = await NewTenantAsync();
        const string email = "session@users.example";
        var id = (await CreateAsync(tenant, new { email, password = Password }))["id"]!.GetValue<string>();
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var back = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(tenant, "web", Redirect, verifier, "openid"), email, Password);
        Assert.StartsWith(Redirect, back.ToString());

        await Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/users/{id}/disable");

        // The same browser, signed in before: sent back to the login page, no code.
        var again = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(tenant, "web", Redirect, BrowserSession.Verifier(), "openid"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("/account/login", again.Headers.Location!.ToString());
        Assert.DoesNotContain(Redirect, again.Headers.Location!.ToString().Split('?')[0]);
    }

    [Fact]
    public async Task Users_Delete_Is204_ThenTheUserIsGone_AndItsRefreshTokenStops()
    {
        var (tenant, secret) = await NewTenantAsync();
        const string email = "gone@users.example";
        var id = (await CreateAsync(tenant, new { email, password = Password }))["id"]!.GetValue<string>();
        var refresh = await RefreshTokenAsync(tenant, secret, email, Password);

        var deleted = await Api.CallAsync(HttpMethod.Delete, $"/tenants/{tenant}/users/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(0, await TotalAsync(tenant));
        Assert.Equal(0L, await FixtureDatabase.ScalarAsync(server, "SELECT COUNT(*) FROM AspNetUsers WHERE Id = $id", ("$id", id)));
        var refreshed = await HostedSignIn.RefreshAsync(server, tenant, "web", secret, refresh);
        Assert.Equal("invalid_grant", (await Api.ReadJsonAsync(refreshed))["error"]!.GetValue<string>());
        await HostedSignIn.AssertSignInRefusedAsync(server, tenant, "web", Redirect, email, Password);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Delete, $"/tenants/{tenant}/users/{id}"), HttpStatusCode.NotFound);

        // The email is free again.
        await CreateAsync(tenant, new { email });
    }

    [Fact]
    public async Task Users_OfAnotherTenant_CannotBeReadChangedOrDeleted_ThroughThisTenant()
    {
        var (a, _) = await NewTenantAsync();
        var (b, _) = await NewTenantAsync();
        var id = (await CreateAsync(a, new { email = "mine@users.example", given_name = "Mine" }))["id"]!.GetValue<string>();

        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Get, $"/tenants/{b}/users/{id}"), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Put, $"/tenants/{b}/users/{id}", new { given_name = "Stolen" }), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{b}/users/{id}/disable"), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{b}/users/{id}/mfa/reset"), HttpStatusCode.NotFound);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Delete, $"/tenants/{b}/users/{id}"), HttpStatusCode.NotFound);

        var read = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{a}/users/{id}");
        Assert.Equal("Mine", read["given_name"]!.GetValue<string>());
        Assert.Equal("active", read["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Users_Factors_ListTotp_WhenTheUserHasAnAuthenticator()
    {
        var (tenant, _) = await NewTenantAsync();
        var id = (await CreateAsync(tenant, new { email = "totp@users.example", password = Password }))["id"]!.GetValue<string>();
        Assert.Empty((await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"))["factors"]!.AsArray());

        // Arranged in the database: an enrolled authenticator (enrollment itself is tested in Mfa/).
        await FixtureDatabase.ExecuteAsync(server, "UPDATE AspNetUsers SET TotpSecretProtected = 'protected' WHERE Id = $id", ("$id", id));

        // Mfa.UserFactors (what the policy engine sees) counts this user as enrolled in totp; the API says the same.
        Assert.Contains("totp", ManagementAssert.Strings((await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"))["factors"]));
    }

    [Fact]
    public async Task Users_ResetMfa_TurnsTheSecondFactorOff_AndReplacesTheAuthenticatorKey()
    {
        var (tenant, _) = await NewTenantAsync();
        const string email = "reset@users.example";
        var id = (await CreateAsync(tenant, new { email, password = Password }))["id"]!.GetValue<string>();
        await FixtureDatabase.ExecuteAsync(server, "UPDATE AspNetUsers SET TwoFactorEnabled = 1, TotpSecretProtected = 'protected' WHERE Id = $id", ("$id", id));
        await FixtureDatabase.ExecuteAsync(server,
            "INSERT INTO AspNetUserTokens (UserId, LoginProvider, Name, Value) VALUES ($id, '[AspNetUserStore]', 'AuthenticatorKey', 'OLDKEYOLDKEYOLDKEYOLDKEYOLDKEY23')",
            ("$id", id));

        var reset = await ManagementAssert.JsonAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users/{id}/mfa/reset"), HttpStatusCode.OK);

        Assert.Equal(id, reset["id"]!.GetValue<string>());
        Assert.DoesNotContain("totp", ManagementAssert.Strings(reset["factors"]));
        Assert.Equal(0L, await FixtureDatabase.ScalarAsync(server, "SELECT TwoFactorEnabled FROM AspNetUsers WHERE Id = $id", ("$id", id)));
        var key = await FixtureDatabase.ScalarAsync(server,
            "SELECT Value FROM AspNetUserTokens WHERE UserId = $id AND LoginProvider = '[AspNetUserStore]' AND Name = 'AuthenticatorKey'", ("$id", id)) as string;
        Assert.NotEqual("OLDKEYOLDKEYOLDKEYOLDKEYOLDKEY23", key);
        Assert.DoesNotContain("totp", ManagementAssert.Strings((await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}"))["factors"]));
        // The account itself is untouched: active, and the password still signs in.
        await HostedSignIn.AssertSignInAcceptedAsync(server, tenant, "web", Redirect, email, Password);
        await ManagementAssert.ProblemAsync(await Api.CallAsync(HttpMethod.Post, $"/tenants/{tenant}/users/no-such-user/mfa/reset"), HttpStatusCode.NotFound);
    }
}
