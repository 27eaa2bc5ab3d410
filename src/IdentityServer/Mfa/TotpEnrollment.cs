using IdentityServer.Data;

namespace IdentityServer.Mfa;

/// <summary>Offers a new TOTP secret for a ticket that asks for enrollment: kept (protected) on the ticket until a code from it confirms it.</summary>
public sealed class TotpEnrollment(MfaTicketStore tickets, TotpSecrets secrets)
{
    public async Task<(string Secret, string OtpAuthUri)> OfferAsync(MfaTicket ticket, PlatformUser user, string issuer, CancellationToken ct)
    {
        var secret = Totp.NewSecret();
        await tickets.SavePendingSecretAsync(ticket, secrets.Protect(secret), ct);
        return (Totp.Base32(secret), Totp.OtpAuthUri(secret, issuer, user.Email ?? user.PhoneNumber ?? user.Id));
    }
}
