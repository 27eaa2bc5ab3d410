namespace IdentityServer.Fleet;

/// <summary>The fleet's log events: Redis going away and coming back. No key, code or phone number appears.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable ({Reason}): limits, caches and the key ring answer from the database until it is back")]
    public static partial void RedisDown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is connected: shared limits, cache invalidation and the key ring copy are on")]
    public static partial void RedisUp(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Operation} failed; answered from the database")]
    public static partial void RedisFailed(ILogger logger, Exception exception, string operation);
}
