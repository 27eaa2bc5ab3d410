using Microsoft.Extensions.Options;

namespace IdentityServer.Keys;

/// <summary>
/// SPEC 9: every node reloads the keys every Keys__ReloadInterval (30 s by default) and makes the
/// rotations that are due, so a rotation or revocation made through any node reaches this one
/// within a minute, without a restart.
/// </summary>
internal sealed partial class KeyRingRefresher(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<KeyRotationOptions> options, ILogger<KeyRingRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ReloadInterval, time, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<KeyRotation>().MaintainAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The keys loaded before stay in use; the next round tries again.
                LogReloadFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading the key ring failed; the keys loaded before stay in use.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
