using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IdentityServer.Fleet;

/// <summary>Checked at start, with a message naming the key.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (options.TimeoutMilliseconds is < 50 or > 30_000)
        {
            return ValidateOptionsResult.Fail("Redis__TimeoutMilliseconds must be between 50 and 30000.");
        }
        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Length > 64)
        {
            return ValidateOptionsResult.Fail("Redis__KeyPrefix must be 1 to 64 characters.");
        }
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        try
        {
            var parsed = ConfigurationOptions.Parse(options.Configuration!);
            return parsed.EndPoints.Count == 0
                ? ValidateOptionsResult.Fail("Redis__Configuration names no endpoint (expected host:port, such as redis:6379).")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"Redis__Configuration could not be read: {e.Message}");
        }
    }
}
