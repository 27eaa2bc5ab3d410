using Microsoft.Playwright;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// Browser tests run one at a time, after the parallel ones: Chromium on two cores must not starve.
/// xunit reads a collection's definition from the test assembly itself, so each test project declares
/// it (BrowserCollectionDefinition) under this name.
/// </summary>
public static class BrowserCollection
{
    public const string Name = "Browser";
}

/// <summary>A test class that drives Debian's Chromium: one browser per class, closed at the end.</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync() => (_playwright, Browser) = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A page in a fresh browser context (its own cookies), with generous timeouts for a loaded machine.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync();
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }
}
