namespace IdentityServer.Fleet;

/// <summary>
/// Redis__*: the optional shared store of a deployment of many nodes (SPEC 9). Unset, every node
/// works from the database alone.
/// </summary>
internal sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Redis__Configuration: a StackExchange.Redis configuration string, such as <c>redis:6379,password=...</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Redis__KeyPrefix: the prefix of every key and channel, so that one Redis can serve several deployments.</summary>
    public string KeyPrefix { get; set; } = "idp:";

    /// <summary>Redis__TimeoutMilliseconds: the longest a request waits on Redis before it answers from the database (default 500).</summary>
    public int TimeoutMilliseconds { get; set; } = 500;

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
