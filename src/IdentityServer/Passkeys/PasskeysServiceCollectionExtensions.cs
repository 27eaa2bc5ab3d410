namespace IdentityServer.Passkeys;

internal static class PasskeysServiceCollectionExtensions
{
    /// <summary>Passkeys (issue 16): the relying party, challenges, registration and assertion through Fido2.</summary>
    public static IServiceCollection AddPasskeys(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddOptions<PasskeyOptions>().BindConfiguration(PasskeyOptions.Section)
            .Validate(o => o.ChallengeLifetimeSeconds is >= 30 and <= 600, "Passkeys__ChallengeLifetimeSeconds must be between 30 and 600.")
            .Validate(o => o.AdditionalOrigins.All(IsOrigin),
                "Passkeys__AdditionalOrigins holds origins such as https://app.example.com or android:apk-key-hash:...")
            .ValidateOnStart();
        services.AddScoped<RelyingParty>();
        services.AddScoped<PasskeyChallengeStore>();
        services.AddScoped<PasskeyRegistration>();
        services.AddScoped<PasskeyAssertion>();
        return services;
    }

    private static bool IsOrigin(string origin) =>
        origin.StartsWith("android:apk-key-hash:", StringComparison.Ordinal)
        || Uri.TryCreate(origin, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" && url.AbsolutePath == "/";
}
