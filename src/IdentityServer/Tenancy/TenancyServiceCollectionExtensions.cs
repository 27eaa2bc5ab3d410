using IdentityServer.Data;
using IdentityServer.Tenancy.Settings;

namespace IdentityServer.Tenancy;

internal static class TenancyServiceCollectionExtensions
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddOptions<PublicOriginOptions>().BindConfiguration(PublicOriginOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.Url)
                || (Uri.TryCreate(o.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
                "PublicOrigin__Url must be an absolute URL such as https://id.example.com.")
            // SPEC 10, 4.4: Production names its public origin; the issuer and the WebOTP line never come from a request header.
            .Validate<IHostEnvironment>((o, env) => !env.IsProduction() || !string.IsNullOrWhiteSpace(o.Url),
                "PublicOrigin__Url is required in Production (the public https origin, such as https://id.example.com).")
            .ValidateOnStart();
        services.AddSingleton<SnapshotInvalidation>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantIssuer>();
        services.AddScoped<TenantContext>();
        services.AddScoped<ICurrentTenant>(sp => sp.GetRequiredService<TenantContext>());
        services.AddScoped<TenantCatalog>();
        services.AddScoped<TenantSettingsStore>();
        return services;
    }

    public static IApplicationBuilder UseTenancy(this IApplicationBuilder app) =>
        app.UseMiddleware<PublicOriginMiddleware>().UseMiddleware<TenantResolutionMiddleware>();
}
