using System.Diagnostics;
using System.Net;

// A small load generator for bench/run.sh: POSTs form bodies to one URL from N connections, each
// line of --file used once (refresh tokens, one-time codes), or --body repeated, for --seconds at
// most. Prints requests/s, p50, p99 and the status counts. With --rate R it sends R requests per
// second on a fixed schedule instead (open loop), and measures each latency from the moment the
// request was due, so a stalled server is not hidden by requests that were never sent.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
var url = new Uri(options["url"]);
var connections = int.Parse(options.GetValueOrDefault("connections", "16"));
var seconds = double.Parse(options.GetValueOrDefault("seconds", "10"), System.Globalization.CultureInfo.InvariantCulture);
var lines = options.TryGetValue("file", out var file) ? File.ReadAllLines(file) : null;
var body = options.GetValueOrDefault("body", "");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false });
var next = -1;
var latencies = new List<double>[connections];
var statuses = new Dictionary<int, int>[connections];
var clock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(seconds);

if (options.TryGetValue("rate", out var rateText))
{
    var rate = double.Parse(rateText, System.Globalization.CultureInfo.InvariantCulture);
    var open = new List<double>();
    var openStatuses = new Dictionary<int, int>();
    var inFlight = new List<Task>();
    var gate = new object();
    for (var i = 0; i < rate * seconds; i++)
    {
        var due = TimeSpan.FromSeconds(i / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        inFlight.Add(Task.Run(async () =>
        {
            using var response = await http.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            await response.Content.ReadAsByteArrayAsync();
            lock (gate)
            {
                open.Add((clock.Elapsed - due).TotalMilliseconds);
                openStatuses[(int)response.StatusCode] = openStatuses.GetValueOrDefault((int)response.StatusCode) + 1;
            }
        }));
    }
    await Task.WhenAll(inFlight);
    var sorted = open.Order().ToArray();
    double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    Console.WriteLine(FormattableString.Invariant(
        $"rps={sorted.Length / clock.Elapsed.TotalSeconds:F0} p50={P(0.50):F2}ms p99={P(0.99):F2}ms n={sorted.Length} seconds={clock.Elapsed.TotalSeconds:F1} statuses={string.Join(',', openStatuses.Select(s => $"{s.Key}:{s.Value}"))}"));
    return openStatuses.Keys.Any(k => k >= 500) ? 1 : 0;
}

var workers = Enumerable.Range(0, connections).Select(async w =>
{
    latencies[w] = [];
    statuses[w] = [];
    while (clock.Elapsed < deadline)
    {
        string content;
        if (lines is null)
        {
            content = body;
        }
        else
        {
            var index = Interlocked.Increment(ref next);
            if (index >= lines.Length)
            {
                break;
            }
            content = lines[index];
        }
        var started = clock.Elapsed;
        using var response = await http.PostAsync(url, new StringContent(content, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.Content.ReadAsByteArrayAsync();
        latencies[w].Add((clock.Elapsed - started).TotalMilliseconds);
        var status = (int)response.StatusCode;
        statuses[w][status] = statuses[w].GetValueOrDefault(status) + 1;
    }
}).ToArray();
await Task.WhenAll(workers);
var elapsed = clock.Elapsed.TotalSeconds;

var all = latencies.SelectMany(l => l).Order().ToArray();
double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
var counts = statuses.SelectMany(s => s).GroupBy(s => s.Key).Select(g => $"{g.Key}:{g.Sum(x => x.Value)}");
Console.WriteLine(FormattableString.Invariant(
    $"rps={all.Length / elapsed:F0} p50={Percentile(0.50):F2}ms p99={Percentile(0.99):F2}ms n={all.Length} seconds={elapsed:F1} statuses={string.Join(',', counts)}"));
return statuses.SelectMany(s => s).Any(s => s.Key >= 500) ? 1 : 0;
