using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// The identity server in-process on a fresh SQLite file (or the PostgreSQL of the test command
/// when IDP_TEST_POSTGRES is set and the fixture asks for it), with the bootstrap settings of the tests.
/// </summary>
public class ServerFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "root@tests.example";
    public const string AdminPassword = "Tests-Passw0rd!";
    public const string AutomationSecret = "tests-automation-secret-0123456789abcdef";

    private readonly string _dir = Directory.CreateTempSubdirectory("idp-tests-").FullName;
    private readonly Dictionary<string, string?> _settings = new();

    public ServerFactory()
    {
        Settings["Database:Provider"] = "Sqlite";
        Settings["ConnectionStrings:Identity"] = $"Data Source={Path.Combine(_dir, "identity.db")}";
        Settings["Bootstrap:AdminEmail"] = AdminEmail;
        Settings["Bootstrap:AdminPassword"] = AdminPassword;
        Settings["Bootstrap:AutomationClientSecret"] = AutomationSecret;
        Settings["Sms:Outbox:Path"] = Path.Combine(_dir, "sms-outbox.jsonl");
        Settings["Email:Outbox:Path"] = Path.Combine(_dir, "mail-outbox");
        Settings["Serilog:MinimumLevel:Default"] = "Warning";
        Settings["Database:ThreadSafetyChecks"] = "true";
    }

    public string DataDirectory => _dir;

    /// <summary>Configuration keys (colon form) applied before the server starts.</summary>
    public Dictionary<string, string?> Settings => _settings;

    public string Environment { get; set; } = "Development";

    /// <summary>
    /// Serves on a real Kestrel socket on 127.0.0.1 (for the browser tests) instead of the in-memory
    /// test server; call before the first client is created. Returns the base address once started.
    /// A fixed <paramref name="port"/> lets a fixture name its public origin before the start (passkeys).
    /// </summary>
    public Uri ListenOnLoopback(int port = 0)
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        var address = new Uri(addresses.First());
        ClientOptions.BaseAddress = address;
        return address;
    }

    /// <summary>The server's database writes so far (an interceptor on its EF Core contexts).</summary>
    public DatabaseWrites Writes { get; } = new();

    /// <summary>Service changes applied before start (ConfigureTestServices), such as a test-only middleware.</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    /// <summary>Set before start to move the server's clock in tests (FakeTimeProvider).</summary>
    public TimeProvider? Time { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(Writes));
        foreach (var change in TestServices)
        {
            builder.ConfigureTestServices(change);
        }
        if (Time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(Time));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
