using System.Net;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace IdentityServer.Tests.Management;

/// <summary>A tenant with an admin console client; the server's clock is the test's.</summary>
public sealed class ManagementAccessFixture : ServerFixture
{
    public const string Tenant = "follow";
    public const string Redirect = "https://admin.example/callback";
    public const string Password = "Follow-Passw0rd!";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public string ConsoleSecret { get; private set; } = "";

    public ManagementAccessFixture() => Factory.Time = Clock;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.CreateTenantAsync(Tenant);
        ConsoleSecret = (await Api.CreateClientAsync(Tenant, "console", ["authorization_code"], ["openid", "idp_admin"], redirectUris: [Redirect]))!;
    }

    /// <summary>A new tenant_admin of the tenant and a management token of theirs.</summary>
    public async Task<(string Id, string Token)> NewAdminAsync(string name)
    {
        var email = $"{name}@follow.example";
        var id = await Api.CreateUserAsync(Tenant, email, Password, ["tenant_admin"]);
        var tokens = await HostedSignIn.CodeFlowAsync(this, Tenant, "console", ConsoleSecret, Redirect, email, Password, "openid idp_admin");
        return (id, tokens["access_token"]!.GetValue<string>());
    }
}

/// <summary>
/// Issue 12 point 15 (SPEC 7): a disabled user, or one whose admin role was removed, loses
/// management access within 60 s, not at the token's expiry; client tokens keep working.
/// </summary>
public sealed class ManagementAccessFollowsUserTests(ManagementAccessFixture server) : IClassFixture<ManagementAccessFixture>
{
    private const string Users = $"/tenants/{ManagementAccessFixture.Tenant}/users";

    private Task<HttpResponseMessage> ListUsersAsync(string token) => server.Api.CallAsync(HttpMethod.Get, Users, token: token);

    [Fact]
    public async Task ADisabledUser_LosesManagementAccess_Within60Seconds()
    {
        var (id, token) = await server.NewAdminAsync("disabled-admin");
        Assert.Equal(HttpStatusCode.OK, (await ListUsersAsync(token)).StatusCode);

        await server.Api.CallOkAsync(HttpMethod.Post, $"{Users}/{id}/disable");
        server.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Unauthorized, (await ListUsersAsync(token)).StatusCode);
    }

    [Fact]
    public async Task AUserWhoseAdminRoleWasRemoved_LosesManagementAccess_Within60Seconds()
    {
        var (id, token) = await server.NewAdminAsync("demoted-admin");
        Assert.Equal(HttpStatusCode.OK, (await ListUsersAsync(token)).StatusCode);

        await server.Api.CallOkAsync(HttpMethod.Put, $"{Users}/{id}", new { roles = Array.Empty<string>() });
        server.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Forbidden, (await ListUsersAsync(token)).StatusCode);
        // And back: the role given again is honoured as soon as it is read again.
        await server.Api.CallOkAsync(HttpMethod.Put, $"{Users}/{id}", new { roles = new[] { "tenant_admin" } });
        server.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await ListUsersAsync(token)).StatusCode);
    }

    [Fact]
    public async Task ADeletedUser_LosesManagementAccess_AndClientTokensKeepWorking()
    {
        var (id, token) = await server.NewAdminAsync("deleted-admin");
        var automation = await server.Api.PlatformTokenAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await server.Api.CallAsync(HttpMethod.Delete, $"{Users}/{id}")).StatusCode);
        server.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Unauthorized, (await ListUsersAsync(token)).StatusCode);
        // A client_credentials token has no user behind it: it works while the client exists.
        Assert.Equal(HttpStatusCode.OK, (await ListUsersAsync(automation)).StatusCode);
    }
}
