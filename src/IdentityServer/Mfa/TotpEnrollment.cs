using IdentityServer.Data;

namespace IdentityServer.Mfa;

/// <summary>
/// Offers a TOTP secret for a ticket that asks for enrollment: kept (protected) on the ticket until
/// a code from it confirms it. The same secret is offered again for the same ticket, so a reload or
/// a mistyped code does not make the user scan again.
/// </summary>
internal sealed class TotpEnrollment(MfaTicketStore tickets, TotpSecrets secrets)
{
    public async Task<TotpOffer> OfferAsync(MfaTicket ticket, PlatformUser user, string issuer, CancellationToken ct)
    {
        byte[] secret;
        if (ticket.PendingTotpSecretProtected is { } pending)
        {
            secret = secrets.Unprotect(pending);
        }
        else
        {
            secret = Totp.NewSecret();
            await tickets.SavePendingSecretAsync(ticket, secrets.Protect(secret), ct);
        }
        return TotpOffer.For(secret, issuer, user);
    }
}
