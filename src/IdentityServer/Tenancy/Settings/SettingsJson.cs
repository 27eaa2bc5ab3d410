using System.Text.Json;
using System.Text.Json.Serialization;

namespace IdentityServer.Tenancy.Settings;

internal static class SettingsJson
{
    /// <summary>snake_case names; unknown keys refused so a typo in a setting is not silently ignored.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        // Issue 15 point 7: test numbers read "+1555...", not "\u002B1555...".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TenantSettings Read(string json) =>
        Normalize(string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<TenantSettings>(json, Options));

    /// <summary>An explicit null for a section or list means "the default", never a missing object.</summary>
    public static TenantSettings Normalize(TenantSettings? s)
    {
        s ??= new TenantSettings();
        s.DefaultRegion ??= "US";
        s.SignIn ??= new SignInSettings();
        s.SignIn.Password ??= new PasswordSignInSettings();
        s.SignIn.Sms ??= new SmsSignInSettings();
        s.SignIn.Passkey ??= new PasskeySignInSettings();
        s.SignIn.Registration ??= new RegistrationSettings();
        s.SignIn.Sms.AllowedCountries ??= [];
        s.SignIn.Sms.TestNumbers = (s.SignIn.Sms.TestNumbers ?? []).Where(n => n is not null).ToList();
        s.Mfa ??= new MfaSettings();
        s.Mfa.Enforcement ??= MfaEnforcement.Optional;
        s.Mfa.Factors ??= [];
        s.SigningKeys ??= new SigningKeySettings();
        s.SigningKeys.Algorithm ??= "RS256";
        s.Audit ??= new AuditSettings();
        return s;
    }

    public static string Write(TenantSettings settings) => JsonSerializer.Serialize(settings, Options);
}
