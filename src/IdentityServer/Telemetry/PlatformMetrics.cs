using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IdentityServer.Telemetry;

/// <summary>
/// The platform's own instruments (meter <c>IdentityPlatform</c>), one method per event; docs/OPERATIONS.md
/// lists each with its labels. Label values come from fixed sets (an endpoint name, a reason, a grant,
/// a region code) or from tenants that exist, never from what a caller typed.
/// </summary>
internal sealed class PlatformMetrics
{
    public const string MeterName = "IdentityPlatform";

    // Latencies of a database or cache round trip: 0.5 ms to 5 s.
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _smsSent;
    private readonly Counter<long> _smsFailed;
    private readonly Counter<long> _smsRefused;
    private readonly Counter<long> _mfaDecisions;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _database;
    private readonly Histogram<double> _redis;

    public PlatformMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("idp.requests", "{request}", "HTTP requests answered, by endpoint, tenant and status class.");
        _smsSent = meter.CreateCounter<long>("idp.sms.sent", "{message}", "SMS the provider accepted, by destination country.");
        _smsFailed = meter.CreateCounter<long>("idp.sms.failed", "{message}", "SMS provider failures, by reason and destination country.");
        _smsRefused = meter.CreateCounter<long>("idp.sms.refused", "{request}", "SMS not sent because a rule refused it, by reason and country.");
        _mfaDecisions = meter.CreateCounter<long>("idp.mfa.decisions", "{decision}", "Policy engine decisions, by rule, decision and first factor.");
        _tokens = meter.CreateCounter<long>("idp.tokens.issued", "{response}", "Token responses issued, by grant type and tenant.");
        _database = meter.CreateHistogram("idp.db.duration", "s", "Database command latency, by operation and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _redis = meter.CreateHistogram("idp.redis.duration", "s", "Redis command latency, by operation and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    public void RequestAnswered(string endpoint, string tenant, int status) =>
        _requests.Add(1, new TagList { { "endpoint", endpoint }, { "tenant", tenant }, { "status_class", StatusClass(status) } });

    /// <summary>The provider took an SMS (counted by the send queue's drainer, once per message).</summary>
    public void SmsSent(string e164) => _smsSent.Add(1, new TagList { { "country", PhoneCountry.Of(e164) } });

    /// <summary>
    /// A failed provider attempt: <c>permanent</c> (refused for good), <c>transient</c> (retried later)
    /// or <c>retries_exhausted</c> (a transient failure on the last try).
    /// </summary>
    public void SmsFailed(string reason, string e164) =>
        _smsFailed.Add(1, new TagList { { "reason", reason }, { "country", PhoneCountry.Of(e164) } });

    /// <summary>An SMS a rule kept from being sent (a limit, SMS off, an invalid phone, the open circuit...).</summary>
    public void SmsRefused(string reason, string? phone) =>
        _smsRefused.Add(1, new TagList { { "reason", reason }, { "country", phone is null ? PhoneCountry.Unknown : PhoneCountry.Of(phone) } });

    /// <summary>What the MFA policy engine decided: the decision's kind, the rule behind it and the first factor.</summary>
    public void MfaDecided(string decision, string rule, string firstFactor) =>
        _mfaDecisions.Add(1, new TagList { { "decision", decision }, { "rule", rule }, { "first_factor", firstFactor } });

    /// <summary>
    /// A token response sent (one per response, whatever it holds), by grant type. Called where a
    /// token response is produced: OpenIddict's pipeline, and any path that answers a grant outside it.
    /// </summary>
    public void TokenIssued(string grantType, string tenant) =>
        _tokens.Add(1, new TagList { { "grant_type", GrantLabel(grantType) }, { "tenant", tenant } });

    public void DatabaseCommand(string operation, TimeSpan duration, bool failed) =>
        _database.Record(duration.TotalSeconds, new TagList { { "operation", operation }, { "outcome", failed ? "error" : "ok" } });

    /// <summary>A Redis round trip (the seam for the optional Redis of SPEC 9: its callers time each command here).</summary>
    public void RedisCommand(string operation, TimeSpan duration, bool failed) =>
        _redis.Record(duration.TotalSeconds, new TagList { { "operation", operation }, { "outcome", failed ? "error" : "ok" } });

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    // Grant types are a fixed set once validated; anything else a client sent stays out of the labels.
    private static string GrantLabel(string grantType) => grantType.Length <= 64 && grantType.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '-' or '.')
        ? grantType
        : "other";
}
