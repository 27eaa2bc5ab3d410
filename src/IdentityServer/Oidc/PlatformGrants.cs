namespace IdentityServer.Oidc;

internal static class PlatformGrants
{
    public const string SmsOtp = "urn:identity-platform:grant-type:sms-otp";
    public const string MfaOtp = "urn:identity-platform:grant-type:mfa-otp";
}
