using System.Net;
using IdentityServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Admin.Tests;

/// <summary>
/// Every page of the admin app over plain HTTP with a signed-in tenant admin, against the real
/// server on loopback: each GET renders without tokens in it, each POST needs its antiforgery
/// token (without one: 400 and nothing changed), and a form posted with it goes through the API.
/// </summary>
public sealed class AdminAppSignedInHttpTests(AdminAppFixture apps) : IClassFixture<AdminAppFixture>
{
    private const string Acme = AdminAppFixture.Acme;

    [Fact]
    public async Task EveryPage_Renders_ForTheTenantsAdmin_WithoutTokens_AndEveryPostFormCarriesAnAntiforgeryToken()
    {
        using var session = await AdminHttpSession.SignInAsync(apps.Admin.BaseAddress, Acme, AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        var bob = await UserIdAsync(AdminAppFixture.AcmeUser);
        string[] pages = ["", "/quick-sign-in", "/mfa", "/apps", "/apps/new", $"/apps/{AdminAppFixture.SmsClient}/edit",
            "/users", "/users?q=bob", "/users/new", $"/users/{bob}", "/audit", "/audit?action=settings.", "/signout"];
        foreach (var path in pages)
        {
            var response = await session.GetAsync($"/t/{Acme}{path}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.True(html.Contains("id=\"sign-out\"", StringComparison.Ordinal), $"{path}: not signed in");
            NoTokens.In(html, path);
            var posts = html.Split("<form method=\"post\"").Skip(1).ToList();
            Assert.True(posts.Count > 0, $"{path} has no sign-out form");
            Assert.All(posts, form => Assert.Contains("__RequestVerificationToken", form[..form.IndexOf("</form>", StringComparison.Ordinal)]));
        }
        Assert.Contains(AdminAppFixture.AcmeUser, await (await session.GetAsync($"/t/{Acme}/users?search=bob")).Content.ReadAsStringAsync());
        // Not a platform admin: the tenants page is the 403 page.
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync($"/t/{Acme}/tenants")).StatusCode);
    }

    [Fact]
    public async Task EveryPost_WithoutItsAntiforgeryToken_Is400_AndChangesNothing()
    {
        using var session = await AdminHttpSession.SignInAsync(apps.Admin.BaseAddress, Acme, AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        var bob = await UserIdAsync(AdminAppFixture.AcmeUser);
        var before = await StateAsync();
        (string Path, Dictionary<string, string> Form)[] posts =
        [
            ("/quick-sign-in", new() { ["Input.Enabled"] = "true", ["Input.CodeLength"] = "8" }),
            ("/mfa", new() { ["Input.Enforcement"] = "required" }),
            ("/apps/new", new() { ["Input.ClientId"] = "forged-app", ["Input.DisplayName"] = "Forged" }),
            ($"/apps/{AdminAppFixture.SmsClient}/edit", new() { ["Input.RedirectUris"] = "https://evil.test/cb" }),
            ("/apps?handler=Delete", new() { ["clientId"] = AdminAppFixture.SmsClient }),
            ("/users/new", new() { ["Input.Email"] = "forged@acme.test" }),
            ("/users?handler=Disable", new() { ["id"] = bob }),
            ($"/users/{bob}?handler=ResetMfa", new()),
            ($"/users/{bob}?handler=UnlockMfa", new()),
            ($"/users/{bob}?handler=Phone", new() { ["Phone.Number"] = "+14155550100", ["Phone.Verified"] = "true" }),
            ($"/users/{bob}?handler=Profile", new() { ["Profile.GivenName"] = "Forged" }),
            ($"/users/{bob}?handler=Roles", new() { ["IsAdmin"] = "true" }),
            ($"/users/{bob}?handler=PasswordReset", new()),
            ($"/users/{bob}?handler=RemovePhone", new()),
            ($"/users/{bob}?handler=Disable", new()),
            ($"/users/{bob}?handler=Delete", new() { ["Confirm"] = "true" }),
            ($"/apps/{AdminAppFixture.SmsClient}/edit?handler=RotateSecret", new() { ["GracePeriodSeconds"] = "0" }),
            ("/settings", new() { ["Input.DisplayName"] = "Forged", ["Input.DefaultRegion"] = "FR" }),
            ("/signout", new()),
        ];
        foreach (var (path, form) in posts)
        {
            var response = await session.PostAsync($"/t/{Acme}{path}", form);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
        }
        Assert.Equal(before, await StateAsync());
        // Still signed in: the forged sign-out did nothing either.
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/t/{Acme}/users")).StatusCode);
    }

    [Fact]
    public async Task AFormPostedWithItsToken_GoesThroughTheApi_AndSaysSo()
    {
        using var session = await AdminHttpSession.SignInAsync(apps.Admin.BaseAddress, Acme, AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        var response = await session.PostFromPageAsync($"/t/{Acme}/users/new", $"/t/{Acme}/users/new",
            new Dictionary<string, string> { ["Input.Email"] = "carol@acme.test", ["Input.GivenName"] = "Carol" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("carol@acme.test was added", await response.Content.ReadAsStringAsync());
        var carol = await UserIdAsync("carol@acme.test");

        response = await session.PostFromPageAsync($"/t/{Acme}/users", $"/t/{Acme}/users?handler=Disable", new Dictionary<string, string> { ["id"] = carol });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users/{carol}");
        Assert.Equal("disabled", user["status"]!.GetValue<string>());
        var audit = (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/audit?action=user."))["items"]!.AsArray();
        Assert.Contains(audit, e => e!["target"]?.ToString().Contains(carol, StringComparison.Ordinal) == true
            && e["actor"]!.GetValue<string>() == AdminAppFixture.AcmeAdmin.ToLowerInvariant());
    }

    [Fact]
    public async Task ALockedSecondFactor_IsShownOnTheUsersPage_AndTheUnlockButtonEndsIt()
    {
        using var session = await AdminHttpSession.SignInAsync(apps.Admin.BaseAddress, Acme, AdminAppFixture.AcmeAdmin, AdminAppFixture.Password);
        var carl = await apps.Api.CreateUserAsync(Acme, "carl@acme.test", "Carl-Passw0rd!");
        // Ten failed second-factor attempts, counted by the server's own lockout (SPEC 3).
        using (var scope = apps.Server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityServer.Data.PlatformDbContext>();
            scope.ServiceProvider.GetRequiredService<IdentityServer.Tenancy.TenantContext>().Set(await db.Tenants.SingleAsync(t => t.Id == Acme));
            var lockout = scope.ServiceProvider.GetRequiredService<IdentityServer.Mfa.MfaLockout>();
            for (var i = 0; i < IdentityServer.Mfa.MfaLockout.MaxFailures; i++)
            {
                await lockout.BeginAsync(carl, CancellationToken.None);
            }
        }
        var page = await (await session.GetAsync($"/t/{Acme}/users/{carl}")).Content.ReadAsStringAsync();
        Assert.Contains("Locked until", page);
        Assert.Contains("id=\"unlock-mfa\"", page);

        var response = await session.PostFromPageAsync($"/t/{Acme}/users/{carl}", $"/t/{Acme}/users/{carl}?handler=UnlockMfa", new Dictionary<string, string>());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("second factor was unlocked", html);
        Assert.Contains("Not locked", html);
        Assert.Null((await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users/{carl}"))["mfa_locked_until"]);
    }

    private async Task<string> UserIdAsync(string email) =>
        (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users?search={Uri.EscapeDataString(email)}"))["items"]![0]!["id"]!.GetValue<string>();

    /// <summary>What a forged post could change: the settings, the apps and the users of acme.</summary>
    private async Task<string> StateAsync() =>
        string.Join("\n",
            (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/settings")).ToJsonString(),
            (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/clients?page_size=100")).ToJsonString(),
            (await apps.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{Acme}/users?page_size=100")).ToJsonString());
}
