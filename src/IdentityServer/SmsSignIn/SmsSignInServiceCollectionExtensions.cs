namespace IdentityServer.SmsSignIn;

internal static class SmsSignInServiceCollectionExtensions
{
    /// <summary>SMS one-time-code sign-in (SPEC 4): the service behind the start endpoint and the sms-otp grant.</summary>
    public static IServiceCollection AddSmsSignIn(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TestNumberGate(!sp.GetRequiredService<IHostEnvironment>().IsProduction()
            || sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Messaging.SmsOptions>>().Value.AllowTestNumbersInProduction));
        services.AddScoped<SmsSignInService>();
        services.AddScoped<SmsCodePageState>();
        return services;
    }
}
