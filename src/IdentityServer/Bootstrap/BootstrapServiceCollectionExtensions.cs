using Microsoft.Extensions.Options;

namespace IdentityServer.Bootstrap;

internal static class BootstrapServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrap(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<BootstrapOptions>, BootstrapDevelopmentDefaults>();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();
        services.AddSingleton<Management.ITenantProvisioning, TenantProvisioning>();
        services.AddOptions<AdminAppOptions>().BindConfiguration(AdminAppOptions.Section)
            .Validate(o => AdminAppOptions.IsValidUrl(o.Url),
                "AdminApp__Url must be the admin app's absolute http(s) URL without query or fragment, such as http://localhost:5001.")
            .ValidateOnStart();
        return services;
    }
}
