namespace IdentityServer.Tenancy.Settings;

public static class MfaEnforcement
{
    public const string Off = "off";
    public const string Optional = "optional";
    public const string Required = "required";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Off, Optional, Required };
}

public static class MfaFactor
{
    public const string Totp = "totp";
    public const string RecoveryCode = "recovery_code";
    public const string Email = "email";
    public const string Sms = "sms";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Totp, RecoveryCode, Email, Sms };
}
