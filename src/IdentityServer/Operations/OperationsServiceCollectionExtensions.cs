using System.Net;
using IdentityServer.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;

namespace IdentityServer.Operations;

internal static class OperationsServiceCollectionExtensions
{
    /// <summary>problem+json for every error, health checks, forwarded headers from configured proxies only.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddHealthChecks().AddDbContextCheck<PlatformDbContext>("database", tags: ["ready"]);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // SPEC 10: X-Forwarded-* only from the proxies named in ForwardedHeaders__KnownProxies (loopback by default).
            foreach (var proxy in (configuration["ForwardedHeaders:KnownProxies"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }
        });
        services.AddSingleton(TimeProvider.System);
        // Issue 12 point 10: no page renders without a handler, and no jQuery-style form keys ("a[b") reach a binder.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            o.Filters.Add(new PageHandlerGuard());
            foreach (var jquery in o.ValueProviderFactories.Where(f => f is Microsoft.AspNetCore.Mvc.ModelBinding.JQueryFormValueProviderFactory
                         or Microsoft.AspNetCore.Mvc.ModelBinding.JQueryQueryStringValueProviderFactory).ToList())
            {
                o.ValueProviderFactories.Remove(jquery);
            }
        });
        services.AddOpenApi();
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
