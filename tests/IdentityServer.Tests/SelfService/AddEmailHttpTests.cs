using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SelfService;

/// <summary>The security page's "add an email": an address another account uses gets the same answer and no email.</summary>
public sealed class AddEmailHttpTests(SelfServiceFixture server) : IClassFixture<SelfServiceFixture>
{
    [Fact]
    public async Task AnAddressOfAnotherAccount_GetsTheSameAnswer_AndNoEmail()
    {
        var tenant = await server.NewTenantAsync();
        var taken = server.NewEmail("taken");
        var fresh = server.NewEmail("fresh");
        var mine = server.NewEmail("mine");
        await server.Api.CreateUserAsync(tenant, taken, SelfServiceFixture.Password);
        var id = await server.Api.CreateUserAsync(tenant, mine, SelfServiceFixture.Password);
        // Not verified yet: the page offers to add (or confirm) an address.
        await server.Api.CallOkAsync(HttpMethod.Patch, $"/tenants/{tenant}/users/{id}", new { email_verified = false });
        using var http = server.NewClient();
        var signIn = await new BrowserSession(http).SubmitLoginAsync(new Uri(server.BaseAddress, $"/t/{tenant}/account/login"), mine, SelfServiceFixture.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var security = $"/t/{tenant}/account/security";
        var token = await SelfServiceFixture.AntiforgeryAsync(http, security);

        var forTaken = await SelfServiceFixture.PostAsync(http, security + "?handler=AddEmail", token, ("NewEmail", taken));
        var forFresh = await SelfServiceFixture.PostAsync(http, security + "?handler=AddEmail", token, ("NewEmail", fresh));
        Assert.Contains("We sent a link to " + taken, await forTaken.Content.ReadAsStringAsync());
        Assert.Contains("We sent a link to " + fresh, await forFresh.Content.ReadAsStringAsync());
        Assert.Empty(MailOutbox.To(server.Factory, taken));
        var link = server.LinkIn(fresh, "/account/verify-email");

        // The link makes the new address the account's, confirmed; it works once.
        Assert.Contains("id=\"confirmed\"", await http.GetStringAsync(link));
        Assert.Contains("id=\"invalid\"", await http.GetStringAsync(link));
        var user = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users/{id}");
        Assert.Equal(fresh, user["email"]!.GetValue<string>());
        Assert.True(user["email_verified"]!.GetValue<bool>());
    }
}
