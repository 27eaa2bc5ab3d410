namespace IdentityServer.Messaging;

public static class MessagingServiceCollectionExtensions
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        var path = configuration["Sms:Outbox:Path"] ?? Path.Combine(env.ContentRootPath, "App_Data", "sms-outbox.jsonl");
        services.AddSingleton<ISmsSender>(sp => new OutboxSmsSender(path, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
