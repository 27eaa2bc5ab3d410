using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdentityServer.CodeDelivery;

internal static class CodeDeliveryServiceCollectionExtensions
{
    /// <summary>One-time codes (SPEC 4.2): generation and keyed hashing, their store, send limits, the sender and its receipts.</summary>
    public static IServiceCollection AddCodeDelivery(this IServiceCollection services)
    {
        services.AddOptions<SmsLimitsOptions>().BindConfiguration(SmsLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OneTimeCodes>();
        services.AddScoped<OneTimeCodeStore>();
        services.AddOptions<EmailCodeLimitsOptions>().BindConfiguration(EmailCodeLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SendLimits>();
        services.TryAddScoped<ISharedSendLimits, NoSharedSendLimits>();
        services.AddScoped<CodeSender>();
        services.AddScoped<Messaging.ISmsDeliveryReceipts, CodeDeliveryReceipts>();
        services.AddScoped<Messaging.IUndeliverableMessages, UndeliverableCodes>();
        return services;
    }
}
