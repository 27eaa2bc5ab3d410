using IdentityServer.CodeDelivery;
using IdentityServer.Mfa;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace IdentityServer.Fleet;

internal static class FleetServiceCollectionExtensions
{
    /// <summary>
    /// Many nodes on one database (SPEC 9). With Redis__Configuration: the send limits and MFA lockouts in
    /// Redis in front of the database, snapshot invalidation over pub/sub, the key ring copied to Redis,
    /// and a Redis check in /health/ready. Without it nothing changes: the database holds everything.
    /// Call after AddPlatformDataProtection (the key ring copy wraps its repository).
    /// </summary>
    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddSingleton<RedisConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        if (!(configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.Enabled ?? false))
        {
            return services;
        }
        services.AddScoped<ISharedSendLimits, RedisSendLimits>();
        services.AddSingleton<ISharedLockouts, RedisLockouts>();
        services.AddSingleton<ISnapshotBroadcast, RedisSnapshotBroadcast>();
        services.AddHostedService<RedisSnapshotSubscriber>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            if (o.XmlRepository is { } database)
            {
                o.XmlRepository = new MirroredKeyRing(database, sp.GetRequiredService<RedisConnection>());
            }
        }));
        return services;
    }
}
