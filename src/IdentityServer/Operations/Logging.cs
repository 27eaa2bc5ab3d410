using System.Diagnostics;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore;
using Serilog;
using Serilog.Context;
using Serilog.Events;

namespace IdentityServer.Operations;

/// <summary>Serilog: structured console logs; every event of a request carries its tenant, client and trace id.</summary>
internal static class Logging
{
    public static IServiceCollection AddPlatformLogging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSerilog((_, log) => log
            .ReadFrom.Configuration(configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate:
                "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}"));

    /// <summary>Pushes Tenant, ClientId and TraceId into the log context and the request log.</summary>
    public static IApplicationBuilder UseRequestLogContext(this IApplicationBuilder app)
    {
        app.UseSerilogRequestLogging(o => o.EnrichDiagnosticContext = (diagnostics, http) =>
        {
            diagnostics.Set("Tenant", http.RequestServices.GetRequiredService<TenantContext>().TenantId ?? "-");
            diagnostics.Set("ClientId", http.GetOpenIddictServerRequest()?.ClientId ?? "-");
            diagnostics.Set("TraceId", Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
        });
        return app.Use(async (http, next) =>
        {
            var tenant = http.RequestServices.GetRequiredService<TenantContext>().TenantId ?? "-";
            using (LogContext.PushProperty("Tenant", tenant))
            using (LogContext.PushProperty("TraceId", Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier))
            {
                await next(http);
            }
        });
    }
}
