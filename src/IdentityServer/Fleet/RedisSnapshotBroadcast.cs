using IdentityServer.Tenancy;
using StackExchange.Redis;

namespace IdentityServer.Fleet;

/// <summary>
/// Snapshot changes over Redis pub/sub (SPEC 9): a tenant, client or scope change made on one node drops
/// the copies every other node holds, within a second. Each node tags its messages and skips its own.
/// Redis down: the message is lost, and the snapshot's lifetime (5-10 s) bounds the stale answer.
/// </summary>
internal sealed class RedisSnapshotBroadcast(RedisConnection redis) : ISnapshotBroadcast
{
    public const string ChannelName = "snapshots";

    /// <summary>This process, so that it skips its own messages.</summary>
    public static readonly string Node = Guid.NewGuid().ToString("N");

    public void Publish(SnapshotChange change)
    {
        if (redis.Subscriber is not { } subscriber || !redis.IsConnected)
        {
            return;
        }
        var kind = change.Kind == SnapshotChangeKind.Retire ? "G" : "R";
        try
        {
            subscriber.Publish(redis.Channel(ChannelName), $"{Node}|{kind}|{change.Key}", CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.Failed(e, "snapshot broadcast");
        }
    }

    /// <summary>Reads a message of another node; null for this node's own or a malformed one.</summary>
    public static SnapshotChange? Read(string? message)
    {
        var parts = message?.Split('|', 3);
        if (parts is not [var node, var kind, var key] || node == Node || key.Length == 0)
        {
            return null;
        }
        return kind switch
        {
            "G" => new SnapshotChange(SnapshotChangeKind.Retire, key),
            "R" => new SnapshotChange(SnapshotChangeKind.Remove, key),
            _ => null,
        };
    }
}
