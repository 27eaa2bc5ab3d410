namespace IdentityServer.Retention;

internal static class RetentionServiceCollectionExtensions
{
    /// <summary>The pruning job of SPEC 8, one node at a time through a lease row.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.Interval >= TimeSpan.FromMinutes(1) && o.Interval <= TimeSpan.FromDays(1),
                "Retention:Interval must be between 00:01:00 and 1.00:00:00.")
            .Validate(o => o.Grace >= TimeSpan.FromHours(1),
                "Retention:Grace must be at least 01:00:00 (the SMS limits count the last hour's codes).")
            .ValidateOnStart();
        services.AddScoped<JobLeases>();
        services.AddScoped<RetentionSweep>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return services;
    }
}
