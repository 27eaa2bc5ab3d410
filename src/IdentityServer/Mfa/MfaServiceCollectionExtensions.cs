namespace IdentityServer.Mfa;

public static class MfaServiceCollectionExtensions
{
    /// <summary>Second factors (SPEC 5): mfa_tokens, TOTP enrollment and the mfa-otp grant.</summary>
    public static IServiceCollection AddMfa(this IServiceCollection services)
    {
        services.AddScoped<MfaTicketStore>();
        services.AddSingleton<TotpSecrets>();
        services.AddScoped<MfaOtpGrant>();
        services.AddScoped<MfaVerifier>();
        services.AddScoped<MfaLockout>();
        services.AddScoped<TotpEnrollment>();
        services.AddScoped<MfaChallenges>();
        services.AddSingleton<RecoveryCodes>();
        return services;
    }

    public static IEndpointRouteBuilder MapMfa(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/mfa/enroll", MfaEnrollEndpoint.HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/connect/mfa/challenge", MfaChallengeEndpoint.HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
