using OtpNet;

namespace IdentityServer.Mfa;

/// <summary>
/// RFC 6238 TOTP through Otp.NET: HMAC-SHA1, 30-second steps, 6 digits, one step of clock drift
/// either way, and never the same step twice (Identity's authenticator provider accepts ±2 steps
/// and has no replay check, hence this).
/// </summary>
internal static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    public static string Code(byte[] secret, DateTimeOffset at) =>
        new OtpNet.Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(at.UtcDateTime);

    /// <summary>The step <paramref name="code"/> matched (now ±1), when it is later than <paramref name="lastStep"/>; null otherwise.</summary>
    public static long? Verify(byte[] secret, string? code, DateTimeOffset now, long lastStep)
    {
        if (code is not { Length: Digits } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var totp = new OtpNet.Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) && step > lastStep
            ? step
            : null;
    }

    public static string OtpAuthUri(byte[] secret, string issuer, string account) =>
        new OtpUri(OtpType.Totp, secret, account, issuer, OtpHashMode.Sha1, Digits, StepSeconds).ToString();

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);
}
