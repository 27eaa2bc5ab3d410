namespace IdentityServer.Keys;

internal static class KeysServiceCollectionExtensions
{
    /// <summary>The key ring (per-tenant signing keys, server-wide symmetric keys), its rotation and its reload on every node.</summary>
    public static IServiceCollection AddKeys(this IServiceCollection services)
    {
        services.AddOptions<KeyRotationOptions>().BindConfiguration(KeyRotationOptions.Section)
            .Validate(o => o.ReloadInterval >= TimeSpan.FromSeconds(1) && o.ReloadInterval <= TimeSpan.FromMinutes(1),
                "Keys:ReloadInterval must be between 00:00:01 and 00:01:00 (SPEC 9: every node sees a key change within a minute).")
            .Validate(o => o.PublishAhead >= TimeSpan.FromMinutes(2) && o.PublishAhead < TimeSpan.FromDays(Tenancy.Settings.SettingsRules.MinRotationPeriodDays),
                "Keys:PublishAhead must be at least 00:02:00 (two reloads) and shorter than the shortest rotation period (7 days).")
            .Validate(o => o.SymmetricRotationPeriod >= TimeSpan.FromDays(Tenancy.Settings.SettingsRules.MinRotationPeriodDays),
                "Keys:SymmetricRotationPeriod must be at least 7.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton<KeyMaterial>();
        services.AddSingleton<KeyRing>();
        services.AddScoped<KeyRotation>();
        services.AddHostedService<KeyRingRefresher>();
        return services;
    }
}
