namespace IdentityServer.Tenancy.Settings;

/// <summary>The settings document of SPEC section 6; every key has its documented default.</summary>
public sealed class TenantSettings
{
    public string? DisplayName { get; set; }
    public string DefaultRegion { get; set; } = "US";
    public SignInSettings SignIn { get; set; } = new();
    public MfaSettings Mfa { get; set; } = new();
}

public sealed class SignInSettings
{
    public PasswordSignInSettings Password { get; set; } = new();
    public SmsSignInSettings Sms { get; set; } = new();
}

public sealed class PasswordSignInSettings
{
    public bool Enabled { get; set; } = true;
}

public sealed class SmsSignInSettings
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

public sealed class TestPhoneNumber
{
    public string PhoneNumber { get; set; } = "";
    public string Code { get; set; } = "";
}

public sealed class MfaSettings
{
    public string Enforcement { get; set; } = MfaEnforcement.Optional;
    public List<string> Factors { get; set; } = [MfaFactor.Totp, MfaFactor.RecoveryCode, MfaFactor.Email];
}
