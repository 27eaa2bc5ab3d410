using IdentityServer.Tenancy;
using StackExchange.Redis;

namespace IdentityServer.Fleet;

/// <summary>Applies the snapshot changes other nodes publish; subscribes again whenever Redis comes back.</summary>
internal sealed class RedisSnapshotSubscriber(RedisConnection redis, SnapshotInvalidation invalidation) : IHostedService
{
    private int _subscribed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.Connected += Subscribe;
        Subscribe();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.Connected -= Subscribe;
        return Task.CompletedTask;
    }

    private void Subscribe()
    {
        if (redis.Subscriber is not { } subscriber || !redis.IsConnected || Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }
        try
        {
            // The library restores the subscription itself after a reconnect; this covers a first connect after start.
            subscriber.Subscribe(redis.Channel(RedisSnapshotBroadcast.ChannelName), (_, message) =>
            {
                if (RedisSnapshotBroadcast.Read(message) is { } change)
                {
                    invalidation.Apply(change);
                }
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _subscribed, 0);
            redis.Failed(e, "snapshot subscription");
        }
    }
}
