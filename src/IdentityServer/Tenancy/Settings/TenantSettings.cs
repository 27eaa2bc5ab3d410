namespace IdentityServer.Tenancy.Settings;

/// <summary>The settings document of SPEC section 6; every key has its documented default.</summary>
internal sealed class TenantSettings
{
    public string? DisplayName { get; set; }
    public string DefaultRegion { get; set; } = "US";
    public SignInSettings SignIn { get; set; } = new();
    public MfaSettings Mfa { get; set; } = new();
    public SigningKeySettings SigningKeys { get; set; } = new();
    public AuditSettings Audit { get; set; } = new();
}

/// <summary>SPEC 9: the tenant's signing keys (rotation and algorithm; see Keys/).</summary>
internal sealed class SigningKeySettings
{
    /// <summary>RS256 or ES256: the algorithm of access tokens (id tokens follow each client's id_token_signed_response_alg).</summary>
    public string Algorithm { get; set; } = "RS256";
    public int RotationPeriodDays { get; set; } = 90;
}

/// <summary>SPEC 8: how long audit events are kept before the retention job deletes them.</summary>
internal sealed class AuditSettings
{
    public int RetentionDays { get; set; } = 400;
}

internal sealed class SignInSettings
{
    public PasswordSignInSettings Password { get; set; } = new();
    public SmsSignInSettings Sms { get; set; } = new();
    public PasskeySignInSettings Passkey { get; set; } = new();
    public RegistrationSettings Registration { get; set; } = new();
}

/// <summary>sign_in.registration: self-service registration with email verification (issue 15 point 5; needs password sign-in).</summary>
internal sealed class RegistrationSettings
{
    public bool Enabled { get; set; }
}

/// <summary>sign_in.passkey: "Sign in with a passkey" as a first factor (issue 16 point 4; counts for P3).</summary>
internal sealed class PasskeySignInSettings
{
    public bool Enabled { get; set; }
}

internal sealed class PasswordSignInSettings
{
    public bool Enabled { get; set; } = true;
}

internal sealed class SmsSignInSettings
{
    public bool Enabled { get; set; }
    public bool SignUp { get; set; }
    public bool RequireSecondFactor { get; set; } = true;
    public List<string> AllowedCountries { get; set; } = ["US"];
    public int CodeLength { get; set; } = 6;
    public int CodeLifetimeSeconds { get; set; } = 120;
    public int ResendCooldownSeconds { get; set; } = 30;
    public int MaxAttempts { get; set; } = 5;
    public int MaxSendsPerPhonePerHour { get; set; } = 5;
    public List<TestPhoneNumber> TestNumbers { get; set; } = [];
}

internal sealed class TestPhoneNumber
{
    public string PhoneNumber { get; set; } = "";
    public string Code { get; set; } = "";
}

internal sealed class MfaSettings
{
    public string Enforcement { get; set; } = MfaEnforcement.Optional;
    public List<string> Factors { get; set; } = [MfaFactor.Totp, MfaFactor.RecoveryCode, MfaFactor.Email];
}
