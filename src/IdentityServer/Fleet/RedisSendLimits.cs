using IdentityServer.CodeDelivery;
using IdentityServer.Tenancy;
using StackExchange.Redis;

namespace IdentityServer.Fleet;

/// <summary>
/// The send limits in Redis (SPEC 4.1, 9): one Lua script checks the phone's cooldown and hourly limit
/// and the send's counters, and counts the send when all pass, atomically on every node. The same
/// rules as <see cref="SendLimits"/>: the phone's sends of the last hour (a sorted set of send times),
/// one-minute buckets summed over the hour for the counters (a hash per counter). Phone numbers appear
/// only as keyed hashes. Redis down or slow: no answer, and the database decides alone.
/// </summary>
internal sealed class RedisSendLimits(RedisConnection redis, TenantContext tenant, OneTimeCodes codes, TimeProvider time) : ISharedSendLimits
{
    private const int CounterWaitSeconds = 600;

    // KEYS[1]: the phone's send times; KEYS[2..]: the counters. ARGV: now (ms), cooldown (ms), the phone's
    // hourly limit (0: not a phone), current bucket, first bucket of the hour, a unique member, then each
    // counter's limit. Returns {0} or {wait in seconds, index of the refusing rule (-1 cooldown, 0 phone, n counter)}.
    private const string Script = """
        local now = tonumber(ARGV[1])
        local hour = 3600000
        if tonumber(ARGV[3]) > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - hour)
          local count = redis.call('ZCARD', KEYS[1])
          if count > 0 then
            local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
            local ends = last + tonumber(ARGV[2])
            if ends > now then return {math.ceil((ends - now) / 1000), -1} end
            if count >= tonumber(ARGV[3]) then
              local first = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
              return {math.max(1, math.ceil((first + hour - now) / 1000)), 0}
            end
          end
        end
        local firstBucket = tonumber(ARGV[5])
        for i = 2, #KEYS do
          local fields = redis.call('HGETALL', KEYS[i])
          local sum = 0
          for j = 1, #fields, 2 do
            if tonumber(fields[j]) >= firstBucket then sum = sum + tonumber(fields[j + 1])
            else redis.call('HDEL', KEYS[i], fields[j]) end
          end
          if sum >= tonumber(ARGV[5 + i]) then return {0, i - 1} end
        end
        if tonumber(ARGV[3]) > 0 then
          redis.call('ZADD', KEYS[1], now, ARGV[6])
          redis.call('PEXPIRE', KEYS[1], hour)
        end
        for i = 2, #KEYS do
          redis.call('HINCRBY', KEYS[i], ARGV[4], 1)
          redis.call('EXPIRE', KEYS[i], 7200)
        end
        return {0}
        """;

    public async Task<(int Wait, string Reason)?> CheckAndCountAsync(CodeSend send, CancellationToken ct)
    {
        if (redis.Database is not { } database || tenant.TenantId is not { } slug)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var bucket = now.ToUnixTimeSeconds() / SendLimits.BucketSeconds;
        var isPhone = send.Channel == CodeChannel.Sms;
        var keys = new RedisKey[1 + send.Counters.Count];
        keys[0] = redis.Key($"limits:{slug}:phone:{(isPhone ? codes.HashIp("phone:" + send.Recipient) : "-")}");
        var values = new List<RedisValue>
        {
            now.ToUnixTimeMilliseconds(), send.Limits.CooldownSeconds * 1000L, isPhone ? send.Limits.PerRecipientPerHour : 0,
            bucket, (now - TimeSpan.FromHours(1)).ToUnixTimeSeconds() / SendLimits.BucketSeconds + 1, OneTimeCodes.NewId(),
        };
        for (var i = 0; i < send.Counters.Count; i++)
        {
            keys[i + 1] = redis.Key($"limits:{slug}:{send.Counters[i].Key}");
            values.Add(send.Counters[i].PerHour);
        }
        RedisResult[] answer;
        try
        {
            answer = (RedisResult[])(await redis.TimedAsync("send_limits", () => database.ScriptEvaluateAsync(Script, keys, [.. values])))!;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.Failed(e, "send limit check");
            return null;
        }
        if (answer.Length == 1)
        {
            return null;
        }
        var rule = (int)answer[1];
        return rule switch
        {
            -1 => ((int)answer[0], "cooldown"),
            0 => ((int)answer[0], "phone_limit"),
            _ => (CounterWaitSeconds, send.Counters[rule - 1].Reason),
        };
    }
}
