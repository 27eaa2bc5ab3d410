using IdentityServer.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace IdentityServer.Messaging;

internal static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// SMS delivery (SPEC 4.4): the provider named by Sms__Provider (Outbox or Vonage), its options
    /// validated at start, and the Vonage delivery-receipt webhook's services. Email delivery
    /// (SPEC 5, 8): the provider named by Email__Provider (Outbox or Smtp), its options validated at start.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        var sms = new SmsOptions { Provider = configuration[$"{SmsOptions.Section}:Provider"] ?? SmsOptions.OutboxProvider };
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>>(new SmsOptionsValidator(env.IsProduction()));
        services.AddOptions<VonageOptions>().Bind(configuration.GetSection(VonageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VonageOptions>>(new VonageOptionsValidator(sms.UsesVonage, env.IsProduction()));
        services.TryAddSingleton(TimeProvider.System);

        if (sms.UsesVonage)
        {
            AddVonage(services);
        }
        else
        {
            services.AddSingleton<ISmsProvider>(sp => new OutboxSmsSender(
                Path.Combine(env.ContentRootPath, sp.GetRequiredService<IOptions<SmsOptions>>().Value.Outbox.Path),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxSmsSender>>()));
        }

        services.AddSingleton<VonageReceiptVerifier>();
        services.TryAddScoped<ISmsDeliveryReceipts, LoggingSmsDeliveryReceipts>();
        AddEmail(services, configuration, env);
        AddSendQueue(services);
        return services;
    }

    /// <summary>Webhooks from Vonage, outside any tenant path: <c>POST /webhooks/vonage/delivery-receipt</c>.</summary>
    public static RouteGroupBuilder MapVonageWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks/vonage").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        group.MapPost("/delivery-receipt", VonageDeliveryReceiptEndpoint.HandleAsync)
            .WithMetadata(new RequestSizeLimitAttribute(VonageDeliveryReceiptEndpoint.MaxBodyBytes));
        return group;
    }

    private static void AddEmail(IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        var email = new EmailOptions { Provider = configuration[$"{EmailOptions.Section}:Provider"] ?? EmailOptions.OutboxProvider };
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>>(new EmailOptionsValidator(env.IsProduction()));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>>(new SmtpOptionsValidator(email.UsesSmtp, env.IsProduction()));

        if (email.UsesSmtp)
        {
            services.AddSingleton<IEmailProvider, SmtpEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailProvider>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
                return new OutboxEmailSender(Path.Combine(env.ContentRootPath, options.Outbox.Path), options.From,
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxEmailSender>>());
            });
        }
    }

    private static void AddVonage(IServiceCollection services)
    {
        services.AddHttpClient<VonageSmsSender>((sp, client) =>
            {
                var vonage = sp.GetRequiredService<IOptions<VonageOptions>>().Value;
                client.BaseAddress = new Uri(vonage.BaseUrl.TrimEnd('/') + "/");
                client.MaxResponseContentBufferSize = 64 * 1024;
            })
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) =>
            {
                // HTTP-level retries of 5xx, 429 and timeouts, all within Sms__Vonage__Timeout. A resent
                // request at worst sends the same code twice.
                var vonage = sp.GetRequiredService<IOptions<VonageOptions>>().Value;
                resilience.TotalRequestTimeout.Timeout = vonage.Timeout;
                resilience.AttemptTimeout.Timeout = vonage.Timeout / VonageSmsSender.Tries;
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * resilience.AttemptTimeout.Timeout.TotalSeconds));
                resilience.Retry.MaxRetryAttempts = VonageSmsSender.Tries - 1;
                resilience.Retry.Delay = vonage.RetryDelay;
            });
        services.AddTransient<ISmsProvider>(sp => sp.GetRequiredService<VonageSmsSender>());
    }

    /// <summary>
    /// SPEC 4.1: callers send through the durable queue (ISmsSender, IEmailSender); the drainer on
    /// every node hands the rows to the providers above, behind the SMS circuit breaker.
    /// </summary>
    private static void AddSendQueue(IServiceCollection services)
    {
        // Queued payloads are protected (an SMS carries its code); the server configures the key ring.
        services.AddDataProtection();
        services.AddPlatformMetrics();
        services.AddSingleton<SmsCircuit>();
        services.AddSingleton<SendQueue>();
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<SendQueue>());
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<SendQueue>());
        services.TryAddScoped<IUndeliverableMessages, LoggingUndeliverableMessages>();
        services.AddHostedService<SendQueueDrainer>();
    }
}
