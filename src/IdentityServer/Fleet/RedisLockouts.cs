using IdentityServer.Mfa;
using StackExchange.Redis;

namespace IdentityServer.Fleet;

/// <summary>
/// Second-factor lockouts copied to Redis (SPEC 5, 9): a locked user's attempts on any node are refused
/// with one Redis read. Each entry lives until the lockout ends or a minute, whichever comes first, so
/// an unlock that could not reach Redis is seen within a minute. Redis down: no answer, the database decides.
/// </summary>
internal sealed class RedisLockouts(RedisConnection redis, TimeProvider time) : ISharedLockouts
{
    private static readonly TimeSpan LongestEntry = TimeSpan.FromMinutes(1);

    public bool Active => redis.Enabled;

    public async Task<bool> IsLockedAsync(string userId, CancellationToken ct)
    {
        if (redis.Database is not { } database)
        {
            return false;
        }
        try
        {
            // The entry holds the lockout's end, read against the server's clock.
            var until = await redis.TimedAsync("lockout_get", () => database.StringGetAsync(Key(userId)));
            return until.TryParse(out long end) && end > time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.Failed(e, "lockout check");
            return false;
        }
    }

    public async Task LockedAsync(string userId, DateTimeOffset until, CancellationToken ct)
    {
        var left = until - time.GetUtcNow();
        if (redis.Database is not { } database || left <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            await redis.TimedAsync("lockout_set", () => database.StringSetAsync(Key(userId), until.ToUnixTimeMilliseconds(), left < LongestEntry ? left : LongestEntry));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.Failed(e, "lockout copy");
        }
    }

    public async Task ClearedAsync(string userId, CancellationToken ct)
    {
        if (redis.Database is not { } database)
        {
            return;
        }
        try
        {
            await redis.TimedAsync("lockout_clear", () => database.KeyDeleteAsync(Key(userId)));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.Failed(e, "lockout clear");
        }
    }

    private RedisKey Key(string userId) => redis.Key("mfa-locked:" + userId);
}
