using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Tests;

/// <summary>The server registers the admin app as a client of every tenant (issue 6 point 1).</summary>
public sealed class AdminAppRegistrationTests(AdminAppFixture apps) : IClassFixture<AdminAppFixture>
{
    [Theory]
    [InlineData("platform")] // seeded at start
    [InlineData("demo")] // seeded at start (Development)
    [InlineData(AdminAppFixture.Acme)] // created through the API
    public async Task EveryTenant_HasTheAdminAppClient_WithCallbacksUnderItsPath(string tenant)
    {
        var client = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/clients/admin-app");
        var admin = apps.Admin.BaseAddress.ToString().TrimEnd('/');
        Assert.Equal("public", client["type"]!.GetValue<string>());
        Assert.Equal("implicit", client["consent"]!.GetValue<string>());
        Assert.Equal([$"{admin}/t/{tenant}/signin-oidc"], Strings(client["redirect_uris"]));
        Assert.Equal([$"{admin}/t/{tenant}/signout-callback-oidc"], Strings(client["post_logout_redirect_uris"]));
        Assert.Equal(["authorization_code", "refresh_token"], Strings(client["grant_types"]).Order());
        Assert.Equal(["email", "idp_admin", "offline_access", "openid", "profile", "roles"], Strings(client["scopes"]).Order());
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
