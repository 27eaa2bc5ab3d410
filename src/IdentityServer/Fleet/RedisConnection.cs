using System.Diagnostics;
using IdentityServer.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IdentityServer.Fleet;

/// <summary>
/// The node's one connection to Redis, opened at start without waiting for Redis to be up and
/// reconnected in the background. Callers ask for <see cref="Database"/> on each use: null means Redis is
/// not configured or down right now, and the caller answers from the database (degraded, logged,
/// reported by /health/ready), never by opening a limit.
/// </summary>
internal sealed class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger, PlatformMetrics metrics)
    : IHostedService, IAsyncDisposable
{
    private ConnectionMultiplexer? _multiplexer;
    private long _lastFailureLog;

    /// <summary>Raised once connected (at start or after an outage): subscriptions are made again.</summary>
    public event Action? Connected;

    public bool Enabled => options.Value.Enabled;

    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>The database while Redis is connected; null when it is not configured or down.</summary>
    public IDatabase? Database => _multiplexer is { IsConnected: true } multiplexer ? multiplexer.GetDatabase() : null;

    public ISubscriber? Subscriber => _multiplexer?.GetSubscriber();

    public RedisKey Key(string name) => options.Value.KeyPrefix + name;

    public RedisChannel Channel(string name) => RedisChannel.Literal(options.Value.KeyPrefix + name);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
        // Start and run without Redis: the database answers until it comes.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 2_000);
        configuration.SyncTimeout = configuration.AsyncTimeout = options.Value.TimeoutMilliseconds;
        configuration.ClientName ??= "identity-server";
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        _multiplexer.ConnectionFailed += (_, e) => Log.RedisDown(logger, e.FailureType.ToString());
        _multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Log.RedisUp(logger);
                Connected?.Invoke();
            }
        };
        if (_multiplexer.IsConnected)
        {
            Log.RedisUp(logger);
        }
        else
        {
            Log.RedisDown(logger, "not reachable at start");
        }
        Connected?.Invoke();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs one Redis command and records its round trip in <c>idp.redis.duration</c> (operation, outcome
    /// ok/error); a failure is recorded and rethrown for the caller's fallback.
    /// </summary>
    public async Task<T> TimedAsync<T>(string operation, Func<Task<T>> command)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await command();
            metrics.RedisCommand(operation, Stopwatch.GetElapsedTime(started), failed: false);
            return result;
        }
        catch (Exception)
        {
            metrics.RedisCommand(operation, Stopwatch.GetElapsedTime(started), failed: true);
            throw;
        }
    }

    /// <summary>The same for a synchronous call (the Data Protection key ring's repository is synchronous).</summary>
    public T Timed<T>(string operation, Func<T> command)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = command();
            metrics.RedisCommand(operation, Stopwatch.GetElapsedTime(started), failed: false);
            return result;
        }
        catch (Exception)
        {
            metrics.RedisCommand(operation, Stopwatch.GetElapsedTime(started), failed: true);
            throw;
        }
    }

    /// <summary>A call that failed (Redis went away during it): logged at most once a second; the caller falls back.</summary>
    public void Failed(Exception exception, string operation)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFailureLog);
        if (now - last >= 1_000 && Interlocked.CompareExchange(ref _lastFailureLog, now, last) == last)
        {
            Log.RedisFailed(logger, exception, operation);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }
    }
}
