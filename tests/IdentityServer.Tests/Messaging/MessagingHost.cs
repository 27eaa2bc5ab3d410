using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IdentityServer.Tests.Messaging;

/// <summary>The services of AddMessaging alone, on in-memory settings (colon keys) and a chosen environment.</summary>
public static class MessagingHost
{
    public static ServiceProvider Build(Dictionary<string, string?> settings, string environment = "Development",
        string? contentRoot = null, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddMessaging(configuration, new TestEnvironment(environment, contentRoot ?? AppContext.BaseDirectory));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Validates the options of these settings as the start does, expects a refusal, and returns its messages.</summary>
    public static string StartupErrors(Dictionary<string, string?> settings, string environment = "Development")
    {
        using var services = Build(settings, environment);
        return StartupFailure.Of(() => services.GetRequiredService<IStartupValidator>().Validate(),
            "the options were valid; they should have been refused");
    }

    /// <summary>Validates the options of these settings as the start does, expecting no failure.</summary>
    public static void StartsCleanly(Dictionary<string, string?> settings, string environment = "Development")
    {
        using var services = Build(settings, environment);
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>Settings for the Vonage provider against <paramref name="baseUrl"/>, with tiny backoff delays.</summary>
    public static Dictionary<string, string?> Vonage(string baseUrl) => new()
    {
        ["Sms:Provider"] = "Vonage",
        ["Sms:Vonage:ApiKey"] = "test-key",
        ["Sms:Vonage:ApiSecret"] = "test-secret",
        ["Sms:Vonage:From"] = "IdPlatform",
        ["Sms:Vonage:BaseUrl"] = baseUrl,
        ["Sms:Vonage:RetryDelay"] = "00:00:00.010",
        ["Sms:Vonage:Timeout"] = "00:00:15", // one try per 5 s: a first request on a loaded 2-core machine can take 2 s
    };

    private sealed class TestEnvironment(string name, string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "IdentityServer";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
