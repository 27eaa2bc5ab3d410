namespace IdentityServer.SmsSignIn;

public static class SmsSignInServiceCollectionExtensions
{
    /// <summary>SMS one-time-code sign-in (SPEC 4): start endpoint, codes, limits, the sms-otp grant.</summary>
    public static IServiceCollection AddSmsSignIn(this IServiceCollection services)
    {
        services.AddOptions<SmsLimitsOptions>().BindConfiguration(SmsLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OneTimeCodes>();
        services.AddScoped<OneTimeCodeStore>();
        services.AddOptions<EmailCodeLimitsOptions>().BindConfiguration(EmailCodeLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SendLimits>();
        services.AddScoped<CodeSender>();
        services.AddSingleton(sp => new TestNumberGate(!sp.GetRequiredService<IHostEnvironment>().IsProduction()
            || sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Messaging.SmsOptions>>().Value.AllowTestNumbersInProduction));
        services.AddScoped<SmsSignInService>();
        services.AddScoped<SmsOtpGrant>();
        services.AddScoped<PhoneVerification>();
        services.AddScoped<Messaging.ISmsDeliveryReceipts, CodeDeliveryReceipts>();
        services.AddScoped<Messaging.IUndeliverableMessages, UndeliverableCodes>();
        return services;
    }

    public static IEndpointRouteBuilder MapSmsSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/sms/start", SmsStartEndpoint.HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
