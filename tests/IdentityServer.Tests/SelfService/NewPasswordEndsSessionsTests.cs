using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Data;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Management;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.SelfService;

/// <summary>
/// A new password ends what the old one opened (Account/SessionValidity), on every path that sets
/// one: the emailed reset link, the security page (which keeps the session it was changed from) and
/// PUT /users; a disabled user's session ends too. Sessions are hosted-page cookies; refresh tokens
/// are those of a real code flow.
/// </summary>
public sealed class NewPasswordEndsSessionsTests(SelfServiceFixture server) : IClassFixture<SelfServiceFixture>
{
    private const string Redirect = "https://rp.example/callback";
    private const string NewPassword = "Brand-New-Passw0rd!";

    private sealed record SignedIn(BrowserSession Browser, string RefreshToken);

    private async Task<(string Tenant, string Secret)> NewTenantAsync()
    {
        var tenant = await server.NewTenantAsync();
        var secret = await server.Api.CreateClientAsync(tenant, "web", ["authorization_code", "refresh_token"],
            ["openid", "offline_access"], redirectUris: [Redirect]);
        return (tenant, secret!);
    }

    /// <summary>A browser signed in through the code flow, with the refresh token it got.</summary>
    private async Task<SignedIn> SignInAsync(string tenant, string secret, string email, string password)
    {
        var browser = new BrowserSession(server.NewClient());
        var verifier = BrowserSession.Verifier();
        var back = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(tenant, "web", Redirect, verifier, "openid offline_access"), email, password);
        var tokens = await browser.RedeemAsync(tenant, "web", secret, Redirect, BrowserSession.CodeOf(back), verifier);
        return new SignedIn(browser, tokens["refresh_token"]!.GetValue<string>());
    }

    private static async Task<HttpStatusCode> SecurityPageAsync(SignedIn session, string tenant) =>
        (await session.Browser.Http.GetAsync($"/t/{tenant}/account/security")).StatusCode;

    private async Task<HttpStatusCode> RefreshAsync(string tenant, string secret, string refreshToken)
    {
        using var http = server.NewClient();
        var response = await http.PostAsync($"/t/{tenant}/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "web",
            ["client_secret"] = secret,
            ["refresh_token"] = refreshToken,
        }));
        return response.StatusCode;
    }

    /// <summary>Stores an MFA ticket for the user as a password sign-in waiting for its second step would; returns the user's id.</summary>
    private async Task<string> PendingTicketAsync(string tenant, string email)
    {
        await using var scope = server.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var user = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.TenantId == tenant && u.Email == email);
        var now = DateTimeOffset.UtcNow;
        db.MfaTickets.Add(new MfaTicket
        {
            Id = "pending-" + user.Id,
            TenantId = tenant,
            ClientId = "web",
            UserId = user.Id,
            FirstFactor = "pwd",
            Scopes = "openid",
            Methods = "otp",
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(5),
        });
        await db.SaveChangesAsync();
        Assert.Equal(1, await TicketsAsync(user.Id));
        return user.Id;
    }

    private async Task<int> TicketsAsync(string userId)
    {
        await using var scope = server.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().MfaTickets.IgnoreQueryFilters().CountAsync(t => t.UserId == userId);
    }

    private async Task<JsonNode> LastAuditAsync(string tenant, string action)
    {
        var audit = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?page_size=100");
        return audit["items"]!.AsArray().First(e => e!["action"]!.GetValue<string>() == action)!;
    }

    [Fact]
    public async Task TheResetLink_EndsEverySession_AndRevokesEveryRefreshToken()
    {
        var (tenant, secret) = await NewTenantAsync();
        var email = server.NewEmail("reset-ends");
        await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        var laptop = await SignInAsync(tenant, secret, email, SelfServiceFixture.Password);
        var phone = await SignInAsync(tenant, secret, email, SelfServiceFixture.Password);
        Assert.Equal(HttpStatusCode.OK, await SecurityPageAsync(laptop, tenant));
        // A sign-in half done with the old password, waiting for its second factor.
        var userId = await PendingTicketAsync(tenant, email);

        using var http = server.NewClient();
        var forgot = $"/t/{tenant}/account/forgot-password";
        await SelfServiceFixture.PostAsync(http, forgot, await SelfServiceFixture.AntiforgeryAsync(http, forgot), ("Email", email));
        var link = server.LinkIn(email, "/account/reset-password");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(server.BaseAddress, link).Query);
        var token = BrowserSession.Antiforgery(await http.GetStringAsync(link));
        var done = await SelfServiceFixture.PostAsync(http, link.Split('?')[0], token, ("user", query["user"]!), ("token", query["token"]!),
            ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));
        Assert.Contains("id=\"done\"", await done.Content.ReadAsStringAsync());

        // Both sessions are signed out (the page sends them to sign in), both refresh tokens are dead.
        Assert.Equal(HttpStatusCode.Redirect, await SecurityPageAsync(laptop, tenant));
        Assert.Equal(HttpStatusCode.Redirect, await SecurityPageAsync(phone, tenant));
        Assert.Equal(HttpStatusCode.BadRequest, await RefreshAsync(tenant, secret, laptop.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, await RefreshAsync(tenant, secret, phone.RefreshToken));
        // A sign-in with the new password opens a session that works, and its refresh token too.
        var fresh = await SignInAsync(tenant, secret, email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, await SecurityPageAsync(fresh, tenant));
        Assert.Equal(HttpStatusCode.OK, await RefreshAsync(tenant, secret, fresh.RefreshToken));
        Assert.Equal(0, await TicketsAsync(userId));
        var audited = await LastAuditAsync(tenant, "user.password_reset");
        Assert.True(audited["details"]!["sessions_ended"]!.GetValue<bool>());
        // The two refresh tokens and the two redeemed codes, at least.
        Assert.True(audited["details"]!["tokens_revoked"]!.GetValue<long>() >= 4);
    }

    [Fact]
    public async Task ChangingThePassword_OnTheSecurityPage_KeepsThatSession_AndEndsEveryOther()
    {
        var (tenant, secret) = await NewTenantAsync();
        var email = server.NewEmail("change-ends");
        await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        var here = await SignInAsync(tenant, secret, email, SelfServiceFixture.Password);
        var elsewhere = await SignInAsync(tenant, secret, email, SelfServiceFixture.Password);

        var security = $"/t/{tenant}/account/security";
        var token = BrowserSession.Antiforgery(await here.Browser.Http.GetStringAsync(security));
        // A wrong current password changes nothing and ends nothing.
        var wrong = await SelfServiceFixture.PostAsync(here.Browser.Http, security + "?handler=ChangePassword", token,
            ("CurrentPassword", "not-the-password"), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));
        Assert.Contains("not right", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await SecurityPageAsync(elsewhere, tenant));

        var changed = await SelfServiceFixture.PostAsync(here.Browser.Http, security + "?handler=ChangePassword", token,
            ("CurrentPassword", SelfServiceFixture.Password), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));
        Assert.Contains("signed out everywhere else", await changed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, await SecurityPageAsync(here, tenant));
        Assert.Equal(HttpStatusCode.Redirect, await SecurityPageAsync(elsewhere, tenant));
        Assert.Equal(HttpStatusCode.BadRequest, await RefreshAsync(tenant, secret, here.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, await RefreshAsync(tenant, secret, elsewhere.RefreshToken));
        var audited = await LastAuditAsync(tenant, "user.password_changed");
        Assert.True(audited["details"]!["other_sessions_ended"]!.GetValue<bool>());
    }

    [Fact]
    public async Task APasswordSetThroughPutUsers_EndsSessions_AndDisablingAUser_EndsTheirSession()
    {
        var (tenant, secret) = await NewTenantAsync();
        var email = server.NewEmail("api-ends");
        var id = await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        var session = await SignInAsync(tenant, secret, email, SelfServiceFixture.Password);

        // A change that sets no password leaves the session alone.
        await server.Api.CallOkAsync(HttpMethod.Patch, $"/tenants/{tenant}/users/{id}", new JsonObject { ["given_name"] = "Ada" }.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, await SecurityPageAsync(session, tenant));

        await server.Api.CallOkAsync(HttpMethod.Patch, $"/tenants/{tenant}/users/{id}", new JsonObject { ["password"] = NewPassword }.ToJsonString());
        Assert.Equal(HttpStatusCode.Redirect, await SecurityPageAsync(session, tenant));
        Assert.Equal(HttpStatusCode.BadRequest, await RefreshAsync(tenant, secret, session.RefreshToken));
        var audited = await LastAuditAsync(tenant, "user.updated");
        Assert.Contains("ended", audited.ToJsonString());

        var again = await SignInAsync(tenant, secret, email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, await SecurityPageAsync(again, tenant));
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/users/{id}/disable");
        Assert.Equal(HttpStatusCode.Redirect, await SecurityPageAsync(again, tenant));
    }

    [Fact]
    public async Task WrongCurrentPasswords_OnTheSecurityPage_CountTowardsTheLockout_EvenInParallel()
    {
        var (tenant, secret) = await NewTenantAsync();
        var email = server.NewEmail("guess");
        await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        var session = await SignInAsync(tenant, secret, email, SelfServiceFixture.Password);
        var security = $"/t/{tenant}/account/security";
        var token = BrowserSession.Antiforgery(await session.Browser.Http.GetStringAsync(security));

        // Someone at an unlocked laptop guesses the current password: 20 tries at once.
        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SelfServiceFixture.PostAsync(session.Browser.Http,
            security + "?handler=ChangePassword", token, ("CurrentPassword", "guess-" + i), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword))));
        Assert.All(guesses, g => Assert.Equal(HttpStatusCode.OK, g.StatusCode));

        // The account is locked: the right password is refused on the page and at sign-in, and nothing changed.
        var right = await SelfServiceFixture.PostAsync(session.Browser.Http, security + "?handler=ChangePassword", token,
            ("CurrentPassword", SelfServiceFixture.Password), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));
        Assert.Contains("not right", await right.Content.ReadAsStringAsync());
        var browser = new BrowserSession(server.NewClient());
        var signIn = await browser.SubmitLoginAsync(new Uri(server.BaseAddress, $"/t/{tenant}/account/login"), email, SelfServiceFixture.Password);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await RefreshAsync(tenant, secret, session.RefreshToken));
    }
}
