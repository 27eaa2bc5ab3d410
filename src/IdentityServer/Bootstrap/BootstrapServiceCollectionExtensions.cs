using Microsoft.Extensions.Options;

namespace IdentityServer.Bootstrap;

public static class BootstrapServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrap(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<BootstrapOptions>, BootstrapDevelopmentDefaults>();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();
        return services;
    }
}
