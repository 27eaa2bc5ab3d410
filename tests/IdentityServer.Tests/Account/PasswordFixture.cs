using System.Collections.Concurrent;
using IdentityServer.Data;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IdentityServer.Tests.Account;

/// <summary>
/// The server with its clock in the test's hand and a password hasher that records every
/// comparison (the real hasher underneath): whose hash was compared tells how many passwords were
/// really checked, and that unknown accounts cost a hash too.
/// </summary>
public class PasswordFixture : IAsyncLifetime
{
    public ServerFactory Factory { get; } = new();

    protected virtual string Provider => "Sqlite";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    internal RecordingPasswordHasher Hasher { get; } = new();

    public WebApplicationFactory<Program> Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.Time = Clock;
        if (Provider == "PostgreSql")
        {
            Factory.Settings["Database:Provider"] = "PostgreSql";
            Factory.Settings["ConnectionStrings:Identity"] = await PostgresServer.CreateDatabaseAsync();
        }
        Server = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<PlatformUser>>(Hasher)));
        Api = new Api(Server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    public Api Api { get; private set; } = null!;

    public BrowserSession Browser() =>
        new(Server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Factory.DisposeAsync();
    }
}

public sealed class PasswordOnPostgreSqlFixture : PasswordFixture
{
    protected override string Provider => "PostgreSql";
}

/// <summary>ASP.NET Core Identity's hasher, recording the user id of every comparison.</summary>
internal sealed class RecordingPasswordHasher : IPasswordHasher<PlatformUser>
{
    private readonly PasswordHasher<PlatformUser> _inner = new();

    public ConcurrentQueue<string> Compared { get; } = new();

    public string HashPassword(PlatformUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(PlatformUser user, string hashedPassword, string providedPassword)
    {
        Compared.Enqueue(user.Id);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    public int ComparedFor(string userId) => Compared.Count(id => id == userId);
}
