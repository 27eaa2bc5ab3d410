using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace IdentityServer.Fleet;

/// <summary>
/// The Data Protection key ring in Redis beside the database (SPEC 9). Each key is stored in both, still
/// encrypted with the configured certificate (the encryptor runs before the repository); nodes read the
/// union, so a key written while Redis was down, or a Redis that lost its data, costs nothing. The
/// database stays the durable copy: a deployment can add or drop Redis without losing a key.
/// </summary>
internal sealed class MirroredKeyRing : IXmlRepository
{
    public const string KeyName = "data-protection-keys";

    private readonly IXmlRepository _database;
    private readonly RedisConnection _redis;

    public MirroredKeyRing(IXmlRepository database, RedisConnection redis)
    {
        _database = database;
        _redis = redis;
        // Each time Redis (re)connects, the keys it lacks are copied to it, off the caller's thread.
        redis.Connected += () => _ = Task.Run(CopyWhenConnectedAsync);
    }

    private RedisXmlRepository? Redis => _redis.Database is { } db ? new RedisXmlRepository(() => db, _redis.Key(KeyName)) : null;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = _database.GetAllElements().ToList();
        if (Redis is not { } copy)
        {
            return elements;
        }
        try
        {
            var copied = _redis.Timed("key_ring_read", () => copy.GetAllElements().ToList());
            var inRedis = copied.Select(Id).ToHashSet(StringComparer.Ordinal);
            // Keys made while Redis was down (or before it was added) are copied to it now.
            foreach (var missing in elements.Where(e => !inRedis.Contains(Id(e))))
            {
                _redis.Timed("key_ring_write", () =>
                {
                    copy.StoreElement(missing, "");
                    return true;
                });
            }
            var known = elements.Select(Id).ToHashSet(StringComparer.Ordinal);
            elements.AddRange(copied.Where(e => known.Add(Id(e))));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _redis.Failed(e, "key ring read");
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        _database.StoreElement(element, friendlyName);
        try
        {
            if (Redis is { } copy)
            {
                _redis.Timed("key_ring_write", () =>
                {
                    copy.StoreElement(element, friendlyName);
                    return true;
                });
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _redis.Failed(e, "key ring write");
        }
    }

    // The multiplexer reports a restored connection before it counts itself connected again: wait
    // for that (up to 10 s) so that the copy is not skipped as "Redis down".
    private async Task CopyWhenConnectedAsync()
    {
        for (var i = 0; i < 100 && _redis.Database is null; i++)
        {
            await Task.Delay(100);
        }
        CopyToRedis();
    }

    private void CopyToRedis()
    {
        try
        {
            GetAllElements();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            _redis.Failed(e, "key ring copy");
        }
    }

    // A key's id (or, for other elements such as revocations, the whole element).
    private static string Id(XElement element) => (string?)element.Attribute("id") ?? element.ToString(SaveOptions.DisableFormatting);
}
