using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdentityServer.Mfa;

internal static class MfaServiceCollectionExtensions
{
    /// <summary>Second factors (SPEC 5): mfa_tokens, TOTP enrollment and the mfa-otp grant's verifier.</summary>
    public static IServiceCollection AddMfa(this IServiceCollection services)
    {
        services.AddScoped<MfaTicketStore>();
        services.AddSingleton<TotpSecrets>();
        services.AddScoped<MfaVerifier>();
        services.AddScoped<MfaLockout>();
        services.TryAddSingleton<ISharedLockouts, NoSharedLockouts>();
        services.AddScoped<TotpEnrollment>();
        services.AddScoped<MfaChallenges>();
        services.AddScoped<MfaPasskeys>();
        services.AddSingleton<RecoveryCodes>();
        return services;
    }
}
