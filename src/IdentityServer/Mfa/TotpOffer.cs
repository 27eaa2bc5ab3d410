using IdentityServer.Data;
using QRCoder;

namespace IdentityServer.Mfa;

/// <summary>
/// A TOTP secret offered for set-up, in the three forms a user or a client needs: the base32 key to
/// type, the otpauth URI (issuer: the tenant's name; account: the user's email, else phone, else id)
/// and that URI as a QR code. The one home of the offer for the sign-in flow, the account page and
/// /connect/mfa/enroll.
/// </summary>
internal sealed record TotpOffer(string Secret, string OtpAuthUri)
{
    public static TotpOffer For(byte[] secret, string issuer, PlatformUser user) =>
        new(Totp.Base32(secret), Totp.OtpAuthUri(secret, issuer, user.Email ?? user.PhoneNumber ?? user.Id));

    /// <summary>The URI as a PNG data URI (the pages' CSP allows img-src data:).</summary>
    public string QrDataUri()
    {
        using var data = new QRCodeGenerator().CreateQrCode(OtpAuthUri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>
    /// Confirms a new authenticator with a code from it, the one rule for every enrollment: the code
    /// matches now (±1 step), the user gets the secret and that step (the code cannot be replayed)
    /// and owes no enrollment any more. Changes the user in memory; the caller saves.
    /// </summary>
    public static bool TryConfirm(PlatformUser user, byte[] secret, string protectedSecret, string? code, DateTimeOffset now)
    {
        if (Totp.Verify(secret, code, now, 0) is not { } step)
        {
            return false;
        }
        user.TotpSecretProtected = protectedSecret;
        user.TotpLastStep = step;
        user.PendingTotpEnrollment = false;
        return true;
    }
}
