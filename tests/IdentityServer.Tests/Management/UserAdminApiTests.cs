using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Management;

/// <summary>A tenant with a console client, so tests can call the API as one of its tenant_admins.</summary>
public sealed class UserAdminFixture : ServerFixture
{
    public const string Tenant = "people";
    public const string Redirect = "https://admin.example/callback";
    public const string Password = "People-Passw0rd!";

    public string ConsoleSecret { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.CreateTenantAsync(Tenant);
        ConsoleSecret = (await Api.CreateClientAsync(Tenant, "console", ["authorization_code"], ["openid", "idp_admin"], redirectUris: [Redirect]))!;
    }

    /// <summary>A new tenant_admin and a management token of theirs.</summary>
    public async Task<(string Id, string Token)> NewAdminAsync(string name)
    {
        var email = $"{name}@people.example";
        var id = await Api.CreateUserAsync(Tenant, email, Password, ["tenant_admin"]);
        var tokens = await HostedSignIn.CodeFlowAsync(this, Tenant, "console", ConsoleSecret, Redirect, email, Password, "openid idp_admin");
        return (id, tokens["access_token"]!.GetValue<string>());
    }
}

/// <summary>
/// Issue 15 point 1 through the management API: roles (SPEC 7 PUT users/{id}/roles), an admin never
/// removes their own admin access, password-reset emails, search by ?q=, phone-only users, delete.
/// </summary>
public sealed class UserAdminApiTests(UserAdminFixture server) : IClassFixture<UserAdminFixture>
{
    private const string Users = $"/tenants/{UserAdminFixture.Tenant}/users";
    private static int _n;

    private Api Api => server.Api;

    private static string NewEmail(string name) => $"{name}-{Interlocked.Increment(ref _n)}@people.example";

    [Fact]
    public async Task PutRoles_GivesAndTakesTenantAdmin_AndIsAudited()
    {
        var id = await Api.CreateUserAsync(UserAdminFixture.Tenant, NewEmail("carol"), UserAdminFixture.Password);
        var given = await Api.CallOkAsync(HttpMethod.Put, $"{Users}/{id}/roles", new { roles = new[] { "tenant_admin" } });
        Assert.Equal(["tenant_admin"], given["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        var taken = await Api.CallOkAsync(HttpMethod.Put, $"{Users}/{id}/roles", new { roles = Array.Empty<string>() });
        Assert.Empty(taken["roles"]!.AsArray());
        var audit = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{UserAdminFixture.Tenant}/audit?action=user.roles_changed");
        Assert.Equal(2, audit["items"]!.AsArray().Count(e => e!["target"]!.GetValue<string>() == "user:" + id));
    }

    [Theory]
    [InlineData("{}", "roles")]
    [InlineData("{\"roles\": [\"platform_admin\"]}", "roles")]
    [InlineData("{\"roles\": [\"owner\"]}", "roles")]
    public async Task PutRoles_WithABadList_Is422NamingRoles(string body, string field)
    {
        var id = await Api.CreateUserAsync(UserAdminFixture.Tenant, NewEmail("dan"), UserAdminFixture.Password);
        var response = await Api.CallAsync(HttpMethod.Put, $"{Users}/{id}/roles", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull((await Api.ReadJsonAsync(response))["errors"]![field]);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.CallAsync(HttpMethod.Put, $"{Users}/nobody/roles", new { roles = Array.Empty<string>() })).StatusCode);
    }

    [Fact]
    public async Task AnAdmin_CannotRemoveTheirOwnAdminRole_DisableOrDeleteThemselves_ButAnotherAdminCan()
    {
        var (id, token) = await server.NewAdminAsync("self-" + Interlocked.Increment(ref _n));
        var attempts = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Put, $"{Users}/{id}/roles", new { roles = Array.Empty<string>() }),
            (HttpMethod.Put, $"{Users}/{id}", new { roles = Array.Empty<string>() }),
            (HttpMethod.Patch, $"{Users}/{id}", new { status = "disabled" }),
            (HttpMethod.Post, $"{Users}/{id}/disable", null),
            (HttpMethod.Delete, $"{Users}/{id}", null),
        };
        foreach (var (method, path, body) in attempts)
        {
            var refused = await Api.CallAsync(method, path, body, token);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("You cannot", (await Api.ReadJsonAsync(refused))["detail"]!.GetValue<string>());
        }
        var user = await Api.CallOkAsync(HttpMethod.Get, $"{Users}/{id}");
        Assert.Equal("active", user["status"]!.GetValue<string>());
        Assert.Contains("tenant_admin", user["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        // Keeping the role while changing the name is fine; another admin may take the role away.
        await Api.CallOkAsync(HttpMethod.Put, $"{Users}/{id}/roles", new { roles = new[] { "tenant_admin" } }, token);
        await Api.CallOkAsync(HttpMethod.Patch, $"{Users}/{id}", new { given_name = "Renamed" }, token);
        var (_, other) = await server.NewAdminAsync("other-" + Interlocked.Increment(ref _n));
        await Api.CallOkAsync(HttpMethod.Put, $"{Users}/{id}/roles", new { roles = Array.Empty<string>() }, other);
    }

    [Fact]
    public async Task PasswordReset_QueuesAnEmailWithASingleUseLinkToTheResetPage()
    {
        var email = NewEmail("erin");
        var id = await Api.CreateUserAsync(UserAdminFixture.Tenant, email, UserAdminFixture.Password);
        var response = await Api.CallAsync(HttpMethod.Post, $"{Users}/{id}/password-reset");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("e***@people.example", (await Api.ReadJsonAsync(response))["sent_to"]!.GetValue<string>());

        var mail = Assert.Single(MailOutbox.To(server.Factory, email));
        var link = Regex.Match(mail.TextBody ?? "", @"(http\S+/t/people/account/reset-password\?user=(\S+)&token=(\S+))");
        Assert.True(link.Success, mail.TextBody);
        Assert.Equal(id, Uri.UnescapeDataString(link.Groups[2].Value));
        var token = Uri.UnescapeDataString(link.Groups[3].Value);

        // The token is Identity's password-reset token for this user: the reset page redeems it once.
        using var scope = server.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.SingleAsync(t => t.Id == UserAdminFixture.Tenant));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = (await users.FindByIdAsync(id))!;
        Assert.True((await users.ResetPasswordAsync(user, token, "Brand-New-Passw0rd!")).Succeeded);
        Assert.False((await users.ResetPasswordAsync(user, token, "Another-Passw0rd!")).Succeeded);

        var audit = await Api.CallOkAsync(HttpMethod.Get, $"/tenants/{UserAdminFixture.Tenant}/audit?action=user.password_reset_sent");
        Assert.Contains(audit["items"]!.AsArray(), e => e!["target"]!.GetValue<string>() == "user:" + id);
        Assert.DoesNotContain(token, audit.ToJsonString());
    }

    [Fact]
    public async Task PasswordReset_ForAUserWithoutEmail_ADisabledOne_OrNobody_IsRefused()
    {
        await AllowPhoneOnlyUsersAsync();
        var phoneOnly = await Api.CallOkAsync(HttpMethod.Post, Users, new { phone_number = "+12025550" + Random.Shared.Next(100, 999) });
        var noEmail = await Api.CallAsync(HttpMethod.Post, $"{Users}/{phoneOnly["id"]}/password-reset");
        Assert.Equal(HttpStatusCode.Conflict, noEmail.StatusCode);
        Assert.Contains("no email", (await Api.ReadJsonAsync(noEmail))["detail"]!.GetValue<string>());

        var id = await Api.CreateUserAsync(UserAdminFixture.Tenant, NewEmail("fay"), UserAdminFixture.Password);
        await Api.CallOkAsync(HttpMethod.Post, $"{Users}/{id}/disable");
        Assert.Equal(HttpStatusCode.Conflict, (await Api.CallAsync(HttpMethod.Post, $"{Users}/{id}/password-reset")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.CallAsync(HttpMethod.Post, $"{Users}/nobody/password-reset")).StatusCode);
    }

    [Fact]
    public async Task Search_ByQ_FindsByEmailPhoneAndName_IgnoringCase()
    {
        await AllowPhoneOnlyUsersAsync();
        var unique = "zq" + Interlocked.Increment(ref _n);
        await Api.CallOkAsync(HttpMethod.Post, Users, new { email = $"{unique}@people.example", given_name = "Greta", family_name = "Garbo" + unique });
        var phone = "+1202555" + Random.Shared.Next(1000, 9999);
        await Api.CallOkAsync(HttpMethod.Post, Users, new { phone_number = phone, given_name = "Hal" + unique });

        async Task<int> CountAsync(string q) =>
            (await Api.CallOkAsync(HttpMethod.Get, $"{Users}?q={Uri.EscapeDataString(q)}"))["total"]!.GetValue<int>();

        Assert.Equal(1, await CountAsync($"{unique.ToUpperInvariant()}@PEOPLE"));
        Assert.Equal(1, await CountAsync("garbo" + unique));
        Assert.Equal(1, await CountAsync("Greta Garbo" + unique));
        Assert.Equal(1, await CountAsync("hal" + unique));
        Assert.Equal(1, await CountAsync(phone[2..]));
        Assert.Equal(0, await CountAsync("nothing-like-this"));
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.CallAsync(HttpMethod.Get, $"{Users}?q={new string('x', 201)}")).StatusCode);
    }

    [Fact]
    public async Task CreatePhoneOnlyUser_WorksWhereSmsNeedsNoSecondFactor_AndIsRefusedByU1Otherwise()
    {
        var strict = await Api.NewTenantAsync("strict");
        var refused = await Api.CallAsync(HttpMethod.Post, $"/tenants/{strict}/users", new { phone_number = "+12025550111" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("second_factor_required", (await Api.ReadJsonAsync(refused))["error"]!.GetValue<string>());

        await AllowPhoneOnlyUsersAsync();
        var created = await Api.CallOkAsync(HttpMethod.Post, Users, new { phone_number = "(202) 555-0" + Random.Shared.Next(100, 999), phone_number_verified = true });
        Assert.Null(created["email"]);
        Assert.StartsWith("+1202555", created["phone_number"]!.GetValue<string>());
        Assert.True(created["phone_number_verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EditNameEmailPhone_ThenDelete()
    {
        await AllowPhoneOnlyUsersAsync();
        var id = await Api.CreateUserAsync(UserAdminFixture.Tenant, NewEmail("ivy"), UserAdminFixture.Password);
        var email = NewEmail("ivy-new");
        var phone = "+1202555" + Random.Shared.Next(1000, 9999);
        var edited = await Api.CallOkAsync(HttpMethod.Patch, $"{Users}/{id}", new { given_name = "Ivy", family_name = "Lane", email, phone_number = phone });
        Assert.Equal("Ivy", edited["given_name"]!.GetValue<string>());
        Assert.Equal(email, edited["email"]!.GetValue<string>());
        Assert.Equal(phone, edited["phone_number"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await Api.CallAsync(HttpMethod.Delete, $"{Users}/{id}/phone")).StatusCode);
        Assert.Null((await Api.CallOkAsync(HttpMethod.Get, $"{Users}/{id}"))["phone_number"]);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.CallAsync(HttpMethod.Delete, $"{Users}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.CallAsync(HttpMethod.Get, $"{Users}/{id}")).StatusCode);
    }

    [Fact]
    public async Task PutRoles_TwentyAtOnce_NeverA500()
    {
        var id = await Api.CreateUserAsync(UserAdminFixture.Tenant, NewEmail("jay"), UserAdminFixture.Password);
        var token = await Api.PlatformTokenAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Api.CallAsync(HttpMethod.Put, $"{Users}/{id}/roles", new { roles = i % 2 == 0 ? new[] { "tenant_admin" } : [] }, token)));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
    }

    // Phone-only users need SMS sign-in without a required second factor (U1).
    private async Task AllowPhoneOnlyUsersAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tenants/{UserAdminFixture.Tenant}/settings")
        {
            Content = new StringContent("""{"sign_in": {"sms": {"enabled": true, "require_second_factor": false}}}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.PlatformTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.SendAsync(request)).StatusCode);
    }
}
