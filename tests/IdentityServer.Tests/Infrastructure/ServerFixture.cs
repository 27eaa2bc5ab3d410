using Microsoft.AspNetCore.Mvc.Testing;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>One server per test class (xunit class fixture), on its own fresh SQLite file.</summary>
public class ServerFixture : IAsyncLifetime
{
    public ServerFactory Factory { get; } = new();

    public Api Api { get; private set; } = null!;

    public BrowserSession NewBrowser() =>
        new(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public virtual Task InitializeAsync()
    {
        Api = new Api(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Factory.DisposeAsync();
}
