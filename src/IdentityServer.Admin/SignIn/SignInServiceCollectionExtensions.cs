using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityServer.Admin.SignIn;

public static class SignInServiceCollectionExtensions
{
    /// <summary>Authentication with no fixed scheme: each tenant's cookie and OIDC schemes are added on its first visit.</summary>
    public static IServiceCollection AddTenantSignIn(this IServiceCollection services)
    {
        services.AddAuthentication();
        services.TryAddSingleton(TimeProvider.System);
        // What AddCookie and AddOpenIdConnect would register, for schemes whose names are not known at start.
        services.TryAddTransient<CookieAuthenticationHandler>();
        services.TryAddTransient<OpenIdConnectHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, PostConfigureCookieAuthenticationOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>, TenantCookieOptions>();
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, TenantOidcOptions>();
        services.AddSingleton<TenantSchemeRegistry>();
        services.AddSingleton<TenantDirectory>();
        services.AddHttpClient(TenantDirectory.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>Tenant first, then the callbacks and cookies, then the admin gate.</summary>
    public static WebApplication UseTenantSignIn(this WebApplication app)
    {
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<TenantGateMiddleware>();
        return app;
    }
}
