using System.Net;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Account;

/// <summary>
/// Issue 12 points 2 and 7 (SPEC 3: password lockout holds under parallel attempts) through the
/// hosted sign-in page, on SQLite and PostgreSQL: at most five passwords are compared before the
/// account locks, whatever the concurrency; no attempt is answered with a 5xx; unknown, disabled
/// and locked accounts cost a password hash like a real one.
/// </summary>
public abstract class PasswordLockoutTests<TFixture>(TFixture server) where TFixture : PasswordFixture
{
    private const string Password = "Lockout-Passw0rd!";

    private async Task<(string Tenant, string UserId, string Email)> NewUserAsync()
    {
        var tenant = await server.Api.NewTenantAsync("lockout");
        var email = $"user@{tenant}.example";
        return (tenant, await server.Api.CreateUserAsync(tenant, email, Password), email);
    }

    /// <summary>Posts the login form <paramref name="count"/> times at once (one antiforgery token, reused); returns the statuses.</summary>
    private async Task<HttpStatusCode[]> AttemptAsync(string tenant, string email, Func<int, string> password, int count)
    {
        var browser = server.Browser();
        var page = await browser.Http.GetStringAsync($"/t/{tenant}/account/login");
        var token = BrowserSession.Antiforgery(page);
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(i => browser.Http.PostAsync($"/t/{tenant}/account/login",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = password(i),
            }))));
        return responses.Select(r => r.StatusCode).ToArray();
    }

    // A sign-in that worked redirects; a refused one shows the page again.
    private static int Accepted(HttpStatusCode[] statuses) => statuses.Count(s => s == HttpStatusCode.Redirect);

    [Fact]
    public async Task FortyParallelWrongPasswords_CompareAtMostFive_LockTheAccount_AndNoneIs5xx()
    {
        var (tenant, userId, email) = await NewUserAsync();

        var statuses = await AttemptAsync(tenant, email, i => "wrong-" + i, 40);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(5, server.Hasher.ComparedFor(userId));
        // Locked: the right password is refused too, without its hash being compared.
        Assert.Equal(0, Accepted(await AttemptAsync(tenant, email, _ => Password, 1)));
        Assert.Equal(5, server.Hasher.ComparedFor(userId));
    }

    [Fact]
    public async Task AfterFiveFailures_FortyParallelMixedAttempts_NeverAcceptThePassword()
    {
        var (tenant, userId, email) = await NewUserAsync();
        Assert.Equal(0, Accepted(await AttemptAsync(tenant, email, i => "wrong-" + i, 5)));

        var statuses = await AttemptAsync(tenant, email, i => i % 2 == 0 ? Password : "wrong-" + i, 40);

        Assert.Equal(0, Accepted(statuses));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(5, server.Hasher.ComparedFor(userId));
    }

    [Fact]
    public async Task ARightPassword_ResetsTheCount_AndTheLockoutEnds_AfterItsTime()
    {
        var (tenant, _, email) = await NewUserAsync();
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(0, Accepted(await AttemptAsync(tenant, email, i => "wrong-" + i, 4)));
            Assert.Equal(1, Accepted(await AttemptAsync(tenant, email, _ => Password, 1)));
        }

        Assert.Equal(0, Accepted(await AttemptAsync(tenant, email, i => "wrong-" + i, 5)));
        Assert.Equal(0, Accepted(await AttemptAsync(tenant, email, _ => Password, 1)));
        server.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, Accepted(await AttemptAsync(tenant, email, _ => Password, 1)));
    }

    [Fact]
    public async Task UnknownDisabledAndLockedAccounts_EachCostOnePasswordComparison()
    {
        var (tenant, userId, email) = await NewUserAsync();
        var disabled = await server.Api.CreateUserAsync(tenant, "disabled@" + tenant + ".example", Password);
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/users/{disabled}/disable");

        foreach (var (who, account) in new[] { ("unknown", "nobody@" + tenant + ".example"), ("disabled", "disabled@" + tenant + ".example") })
        {
            var before = server.Hasher.Compared.Count;
            Assert.Equal(0, Accepted(await AttemptAsync(tenant, account, _ => Password, 1)));
            Assert.True(server.Hasher.Compared.Count == before + 1, $"{who}: one comparison expected");
        }
        await AttemptAsync(tenant, email, i => "wrong-" + i, 5);
        var beforeLocked = server.Hasher.Compared.Count;
        Assert.Equal(0, Accepted(await AttemptAsync(tenant, email, _ => Password, 1)));
        Assert.Equal(beforeLocked + 1, server.Hasher.Compared.Count);
        // The comparison was against a stand-in hash, not the locked user's own.
        Assert.Equal(5, server.Hasher.ComparedFor(userId));
    }
}

public sealed class PasswordLockoutOnSqliteTests(PasswordFixture server)
    : PasswordLockoutTests<PasswordFixture>(server), IClassFixture<PasswordFixture>;

public sealed class PasswordLockoutOnPostgreSqlTests(PasswordOnPostgreSqlFixture server)
    : PasswordLockoutTests<PasswordOnPostgreSqlFixture>(server), IClassFixture<PasswordOnPostgreSqlFixture>;
