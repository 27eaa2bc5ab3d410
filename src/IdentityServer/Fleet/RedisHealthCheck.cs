using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdentityServer.Fleet;

/// <summary>/health/ready: Degraded (still 200, still serving from the database) while a configured Redis is down.</summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!redis.Enabled ? HealthCheckResult.Healthy("Redis is not configured; the database holds everything.")
            : redis.IsConnected ? HealthCheckResult.Healthy("Redis is connected.")
            : HealthCheckResult.Degraded("Redis is unreachable: limits, caches and the key ring answer from the database."));
}
