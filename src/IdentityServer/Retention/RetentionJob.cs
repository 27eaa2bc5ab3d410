using Microsoft.Extensions.Options;

namespace IdentityServer.Retention;

/// <summary>
/// Every Retention__Interval each node tries to take the "retention" lease; the node that holds it
/// prunes (one node at a time, SPEC 8). The lease outlives the interval a little, so the holder keeps
/// it from run to run and another node takes over only when the holder stops.
/// </summary>
internal sealed partial class RetentionJob(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options, ILogger<RetentionJob> logger)
    : BackgroundService
{
    public const string LeaseName = "retention";

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
            }
        }
    }

    /// <summary>Takes or keeps the lease and prunes; null when another node holds the lease.</summary>
    public async Task<RetentionResult?> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
        var holder = _holder.Length > 100 ? _holder[..100] : _holder;
        if (!await leases.TryAcquireAsync(LeaseName, holder, options.Value.Interval + TimeSpan.FromMinutes(5), ct))
        {
            return null;
        }
        var result = await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(ct);
        LogPruned(logger, result.Tokens, result.Authorizations, result.Codes, result.MfaTickets, result.RevokedAccessTokens,
            result.QueuedMessages, result.AuditEvents, result.Keys);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Tokens} tokens, {Authorizations} authorizations, {Codes} codes, " +
        "{Tickets} MFA tickets, {Revoked} revoked-token rows, {Queued} queue rows, {Audit} audit events, {Keys} keys.")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations, int codes, int tickets, int revoked, int queued, int audit, int keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention run failed; the next run tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
