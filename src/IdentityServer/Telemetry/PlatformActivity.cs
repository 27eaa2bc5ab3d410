using System.Diagnostics;

namespace IdentityServer.Telemetry;

/// <summary>
/// The platform's spans (activity source <c>IdentityPlatform</c>) and the W3C trace context kept
/// with work that outlives its request (the durable send queue, SPEC 4.1).
/// </summary>
internal static class PlatformActivity
{
    public const string SourceName = "IdentityPlatform";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current W3C <c>traceparent</c>, to store with queued work; null outside a trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts a span continuing the stored <paramref name="traceParent"/> (a new trace when there is
    /// none). Without a listener on the source (no tracing exporter) a bare activity still carries
    /// the context, so outgoing HTTP calls send the original trace id in their <c>traceparent</c>.
    /// </summary>
    public static Activity? Continue(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal)
    {
        var hasParent = ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = hasParent ? Source.StartActivity(name, kind, parent) : Source.StartActivity(name, kind);
        if (activity is null && hasParent)
        {
            activity = new Activity(name);
            activity.SetParentId(traceParent!);
            activity.Start();
        }
        return activity;
    }
}
