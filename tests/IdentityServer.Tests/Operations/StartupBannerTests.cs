using IdentityServer.Bootstrap;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityServer.Tests.Operations;

/// <summary>Issue 12 point 17: the start banner prints where the credentials are, never a password or secret.</summary>
public sealed class StartupBannerTests
{
    [Fact]
    public async Task TheBanner_InDevelopmentWithTheDemo_PrintsNoPasswordOrSecret()
    {
        await using var factory = new ServerFactory();
        factory.Settings["Bootstrap:SeedDemo"] = "true";
        factory.CreateClient().Dispose();
        var banner = string.Join("\n", StartupBanner.Lines(factory.Services, factory.Services.GetRequiredService<IHostEnvironment>()));

        Assert.Contains(ServerFactory.AdminEmail, banner);
        Assert.Contains("Bootstrap__AdminPassword", banner);
        Assert.Contains(DemoSeeder.UserEmail, banner);
        Assert.DoesNotContain(ServerFactory.AdminPassword, banner);
        Assert.DoesNotContain(DemoSeeder.UserPassword, banner);
        Assert.DoesNotContain(DemoSeeder.ClientSecret, banner);
        Assert.DoesNotContain(ServerFactory.AutomationSecret, banner);
    }
}
