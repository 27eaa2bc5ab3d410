using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IdentityServer.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    private static int _mailKitConfigured;

    /// <summary>
    /// SPEC 8: the platform's meter and spans, ASP.NET Core, HttpClient and EF Core instrumentation,
    /// and the exporters of <see cref="TelemetryOptions"/> (Prometheus on a port of its own, OTLP).
    /// Nothing leaves the process unless an exporter is turned on; the trace context of a request is
    /// kept with its queued messages either way (<see cref="PlatformActivity"/>).
    /// </summary>
    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>>(new TelemetryOptionsValidator(configuration));
        services.AddPlatformMetrics();
        services.AddSingleton<IInterceptor, DatabaseLatency>();

        if (Interlocked.Exchange(ref _mailKitConfigured, 1) == 0)
        {
            // MailKit's SMTP spans and metrics exist once configured (process-wide): its SMTP exchange joins the send span.
            MailKit.Telemetry.SmtpClient.Configure();
        }
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrEmpty(options.Otlp.Endpoint);
        // Settings that fail validation turn no exporter on: the start stops with the validator's messages,
        // not with an exporter's own failure.
        if (!options.Prometheus.Enabled && !otlp || new TelemetryOptionsValidator(configuration).Validate(null, options).Failed)
        {
            return services;
        }
        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(PlatformMetrics.MeterName, MailKit.Telemetry.SmtpClient.MeterName)
                .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            if (options.Prometheus.Enabled)
            {
                metrics.AddPrometheusHttpListener(p =>
                {
                    p.Host = options.Prometheus.Host;
                    p.Port = options.Prometheus.Port;
                    p.ScrapeEndpointPath = options.Prometheus.Path;
                    // Scrapes come every few seconds at most: each gets fresh figures.
                    p.ScrapeResponseCacheDurationMilliseconds = 0;
                });
            }
            if (otlp)
            {
                metrics.AddOtlpExporter(o => Otlp(o, options.Otlp, "v1/metrics"));
            }
        });
        if (otlp)
        {
            // Spans are exported only over OTLP: without a collector there is nobody to read them.
            telemetry.WithTracing(tracing => tracing
                .AddSource(PlatformActivity.SourceName, MailKit.Telemetry.SmtpClient.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o => Otlp(o, options.Otlp, "v1/traces")));
        }
        return services;
    }

    /// <summary>The platform's instruments alone (for a capability registered without the rest, as in its tests).</summary>
    public static IServiceCollection AddPlatformMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<PlatformMetrics>();
        return services;
    }

    /// <summary>Counts every request (<c>idp.requests</c>); placed before the tenant resolution so that its 404s count too.</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.UseMiddleware<RequestMetrics>();

    private static void Otlp(OtlpExporterOptions exporter, OtlpOptions options, string signalPath)
    {
        var http = options.Protocol == "http/protobuf";
        exporter.TimeoutMilliseconds = (int)options.Timeout.TotalMilliseconds;
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        // Over HTTP each signal has its own path; an endpoint set in code is used as given.
        exporter.Endpoint = new Uri(http ? options.Endpoint!.TrimEnd('/') + "/" + signalPath : options.Endpoint!);
        if (!string.IsNullOrEmpty(options.Headers))
        {
            exporter.Headers = options.Headers;
        }
    }
}
