using Microsoft.AspNetCore.Mvc.Testing;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>One server per test class (xunit class fixture), on its own fresh SQLite file.</summary>
public class ServerFixture : IAsyncLifetime
{
    public ServerFactory Factory { get; } = new();

    public Api Api { get; private set; } = null!;

    public BrowserSession NewBrowser() =>
        new(Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = Factory.ClientOptions.BaseAddress,
        }));

    /// <summary>Sqlite (default) or PostgreSql: the same tests run on both.</summary>
    protected virtual string Provider => "Sqlite";

    public virtual async Task InitializeAsync()
    {
        if (Provider == "PostgreSql")
        {
            Factory.Settings["Database:Provider"] = "PostgreSql";
            Factory.Settings["ConnectionStrings:Identity"] = await PostgresServer.CreateDatabaseAsync();
        }
        Api = new Api(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = Factory.ClientOptions.BaseAddress }));
    }

    public virtual async Task DisposeAsync() => await Factory.DisposeAsync();
}
