namespace IdentityServer.Telemetry;

/// <summary>
/// OpenTelemetry (SPEC 8): <c>Telemetry__*</c>. Metrics and traces are recorded always; they leave
/// the process only through the exporters turned on here: a Prometheus scrape endpoint on its own
/// port (never the public one) and an OTLP exporter.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The <c>service.name</c> resource attribute of every metric and span.</summary>
    public string ServiceName { get; set; } = "identity-server";

    public PrometheusOptions Prometheus { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();
}

/// <summary>The scrape endpoint: <c>http://{Host}:{Port}{Path}</c>, off by default.</summary>
internal sealed class PrometheusOptions
{
    public bool Enabled { get; set; }

    /// <summary>
    /// Where the listener binds: <c>localhost</c> (default), an IP address, or <c>*</c> for every
    /// interface (in a container, so that the scraper of the pod network reaches it).
    /// </summary>
    public string Host { get; set; } = "localhost";

    /// <summary>9464 by default, the port OpenTelemetry's Prometheus exporters use.</summary>
    public int Port { get; set; } = 9464;

    public string Path { get; set; } = "/metrics";
}

/// <summary>OTLP export of metrics and traces, on when <see cref="Endpoint"/> is set.</summary>
internal sealed class OtlpOptions
{
    /// <summary>e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>Extra headers for the collector, <c>key=value</c> pairs separated by commas (an API key, say).</summary>
    public string? Headers { get; set; }

    /// <summary>How long one export may take (default 10 s); a collector that is down never holds a request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
