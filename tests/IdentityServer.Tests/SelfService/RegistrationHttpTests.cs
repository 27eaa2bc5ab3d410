using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.SelfService;

/// <summary>Self-service registration over HTTP: the switch, one answer for every address, the password rules, the confirmation, parallel sign-ups.</summary>
public sealed class RegistrationHttpTests(SelfServiceFixture server) : IClassFixture<SelfServiceFixture>
{
    private static string Register(string tenant) => $"/t/{tenant}/account/register";

    private async Task<HttpResponseMessage> RegisterAsync(HttpClient http, string tenant, string email, string password)
    {
        var token = await SelfServiceFixture.AntiforgeryAsync(http, Register(tenant));
        return await SelfServiceFixture.PostAsync(http, Register(tenant), token, ("Email", email), ("Password", password));
    }

    private async Task<HttpResponseMessage> SignInAsync(string tenant, string email, string password) =>
        await new BrowserSession(server.NewClient()).SubmitLoginAsync(new Uri(server.BaseAddress, $"/t/{tenant}/account/login"), email, password);

    [Fact]
    public async Task Off_ByDefault_ThePageIsNotFound_AndTheSignInPageHasNoLink()
    {
        var tenant = await server.NewTenantAsync();
        using var http = server.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Register(tenant))).StatusCode);
        var login = await http.GetStringAsync($"/t/{tenant}/account/login");
        Assert.DoesNotContain("account/register", login);
        var post = await SelfServiceFixture.PostAsync(http, Register(tenant), BrowserSession.Antiforgery(login), ("Email", server.NewEmail("no")), ("Password", SelfServiceFixture.Password));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        var open = await server.NewTenantAsync(registration: true);
        Assert.Contains("id=\"register\"", await http.GetStringAsync($"/t/{open}/account/login"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Register(open))).StatusCode);
    }

    [Fact]
    public async Task ANewAccount_SignsInOnlyAfterItsLinkWasFollowed()
    {
        var tenant = await server.NewTenantAsync(registration: true);
        var email = server.NewEmail("new");
        using var http = server.NewClient();
        var answer = await RegisterAsync(http, tenant, email, SelfServiceFixture.Password);
        Assert.Contains("id=\"sent\"", await answer.Content.ReadAsStringAsync());

        // The right password, but the address is not confirmed: refused, with what to do.
        var early = await SignInAsync(tenant, email, SelfServiceFixture.Password);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("Confirm your email address first", await early.Content.ReadAsStringAsync());

        var link = server.LinkIn(email, "/account/verify-email");
        var verified = await http.GetAsync(link);
        Assert.Equal("no-referrer", verified.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("id=\"confirmed\"", await verified.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(tenant, email, SelfServiceFixture.Password)).StatusCode);

        var users = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users?page_size=100");
        var user = users["items"]!.AsArray().Single(u => u!["email"]!.GetValue<string>() == email)!;
        Assert.True(user["email_verified"]!.GetValue<bool>());
        var actions = (await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?page_size=100"))["items"]!.AsArray()
            .Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("user.registered", actions);
        Assert.Contains("user.email_verified", actions);
        Assert.Contains("id=\"invalid\"", await http.GetStringAsync(link.Replace("token=", "token=x", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AKnownAddress_GetsTheSameAnswer_AndAnEmailSayingItHasAnAccount()
    {
        var tenant = await server.NewTenantAsync(registration: true);
        var known = server.NewEmail("known");
        var fresh = server.NewEmail("fresh");
        await server.Api.CreateUserAsync(tenant, known, SelfServiceFixture.Password);
        using var http = server.NewClient();

        var forKnown = await RegisterAsync(http, tenant, known, "Another-Passw0rd!");
        var forFresh = await RegisterAsync(http, tenant, fresh, "Another-Passw0rd!");
        Assert.Equal((await forKnown.Content.ReadAsStringAsync()).Replace(known, "X", StringComparison.Ordinal),
            (await forFresh.Content.ReadAsStringAsync()).Replace(fresh, "X", StringComparison.Ordinal));
        var mail = Assert.Single(MailOutbox.To(server.Factory, known));
        Assert.Contains("already has one", mail.TextBody);
        Assert.Contains("/account/forgot-password", mail.TextBody);
        // The known account keeps its password.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(tenant, known, SelfServiceFixture.Password)).StatusCode);

        // A weak password is refused the same way for both: the rules are checked before the address is looked up.
        var weakKnown = await RegisterAsync(http, tenant, known, "short");
        var weakNew = await RegisterAsync(http, tenant, server.NewEmail("weak"), "short");
        var knownErrors = System.Text.RegularExpressions.Regex.Matches(await weakKnown.Content.ReadAsStringAsync(), "class=\"error\"[^>]*>([^<]+)<").Select(m => m.Groups[1].Value);
        var newErrors = System.Text.RegularExpressions.Regex.Matches(await weakNew.Content.ReadAsStringAsync(), "class=\"error\"[^>]*>([^<]+)<").Select(m => m.Groups[1].Value);
        Assert.NotEmpty(knownErrors);
        Assert.Equal(knownErrors, newErrors);
    }

    [Fact]
    public async Task TwentyParallelRegistrations_OfOneAddress_MakeOneAccount_AndAtMostTheLimitOfEmails()
    {
        var tenant = await server.NewTenantAsync(registration: true);
        var email = server.NewEmail("race");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var http = server.NewClient();
            return (await RegisterAsync(http, tenant, email, SelfServiceFixture.Password)).StatusCode;
        }));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, s.ToString()));
        var users = await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/users?page_size=100");
        Assert.Single(users["items"]!.AsArray(), u => u!["email"]?.GetValue<string>() == email);
        Assert.InRange(MailOutbox.To(server.Factory, email).Count, 1, SelfServiceFixture.PerAddress);
    }

    [Fact]
    public async Task WherePasswordSignInIsOff_RegistrationIsNotFound_EvenWhenItsSwitchIsOn()
    {
        var tenant = await server.NewTenantAsync(registration: true, change: s =>
        {
            s["sign_in"]!["password"]!["enabled"] = false;
            s["sign_in"]!["passkey"]!["enabled"] = true;
        });
        using var http = server.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Register(tenant))).StatusCode);
    }
}
