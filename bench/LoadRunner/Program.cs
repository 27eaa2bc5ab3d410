using System.Diagnostics;
using System.Net;

// A small load generator for bench/run.sh: POSTs form bodies to one URL from N connections, each
// line of --file used once (refresh tokens, one-time codes), or --body repeated, for --seconds at
// most. Prints requests/s, p50, p99 and the status counts.
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
