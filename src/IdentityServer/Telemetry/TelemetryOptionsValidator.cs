using System.Net;
using Microsoft.Extensions.Options;

namespace IdentityServer.Telemetry;

/// <summary>
/// SPEC 8: the telemetry settings checked at start, one message per mistake naming the key. The
/// scrape port must not be a port the server answers the public on: metrics name tenants and clients.
/// </summary>
internal sealed class TelemetryOptionsValidator(IConfiguration configuration) : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add("Telemetry__ServiceName must not be empty.");
        }
        var prometheus = options.Prometheus;
        if (prometheus.Enabled)
        {
            if (prometheus.Port is < 1 or > 65535)
            {
                errors.Add($"Telemetry__Prometheus__Port must be between 1 and 65535 (it is {prometheus.Port}).");
            }
            else if (PublicPorts().Contains(prometheus.Port))
            {
                errors.Add($"Telemetry__Prometheus__Port ({prometheus.Port}) is a port the server serves the public on; choose a port of its own.");
            }
            if (!IsHost(prometheus.Host))
            {
                errors.Add($"Telemetry__Prometheus__Host must be localhost, an IP address, a host name or * (it is '{prometheus.Host}').");
            }
            if (string.IsNullOrEmpty(prometheus.Path) || prometheus.Path[0] != '/' || prometheus.Path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#'))
            {
                errors.Add($"Telemetry__Prometheus__Path must be a path starting with / (it is '{prometheus.Path}').");
            }
        }
        var otlp = options.Otlp;
        if (!string.IsNullOrEmpty(otlp.Endpoint)
            && !(Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            errors.Add($"Telemetry__Otlp__Endpoint must be an absolute http or https URL (it is '{otlp.Endpoint}').");
        }
        if (otlp.Protocol is not ("grpc" or "http/protobuf"))
        {
            errors.Add($"Telemetry__Otlp__Protocol must be grpc or http/protobuf (it is '{otlp.Protocol}').");
        }
        if (otlp.Timeout <= TimeSpan.Zero || otlp.Timeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Telemetry__Otlp__Timeout must be between 00:00:00.001 and 00:01:00 (it is {otlp.Timeout}).");
        }
        if (!string.IsNullOrEmpty(otlp.Headers) && otlp.Headers.Split(',').Any(h => h.IndexOf('=') < 1))
        {
            errors.Add("Telemetry__Otlp__Headers must be key=value pairs separated by commas.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHost(string host) =>
        host is "*" or "+" || IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;

    // The ports of ASPNETCORE_URLS / --urls, ASPNETCORE_HTTP(S)_PORTS and Kestrel__Endpoints__*__Url.
    private HashSet<int> PublicPorts()
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? ""));
        var ports = new HashSet<int>();
        foreach (var url in urls)
        {
            // http://+:8080 and http://*:8080 are not URIs; the port is what follows the last colon.
            var authority = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
            var end = authority.IndexOf('/');
            authority = end < 0 ? authority : authority[..end];
            var colon = authority.LastIndexOf(':');
            if (colon > 0 && int.TryParse(authority[(colon + 1)..], out var port))
            {
                ports.Add(port);
            }
            else
            {
                ports.Add(url.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
            }
        }
        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            foreach (var port in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(port, out var p))
                {
                    ports.Add(p);
                }
            }
        }
        return ports;
    }
}
