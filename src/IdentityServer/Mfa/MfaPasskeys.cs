using IdentityServer.Data;
using IdentityServer.Passkeys;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Mfa;

/// <summary>
/// The webauthn factor of a sign-in's second step (issue 16 point 3): assertion options for a ticket that
/// offers it, or creation options for one that asks to enroll it; each bound to the ticket and its user.
/// A ticket gets at most <see cref="MaxPerTicket"/> ceremonies (a cap on stored rows; the mfa_token's five tries
/// still bound the guesses). The answer goes to <see cref="MfaVerifier"/> like any code.
/// </summary>
internal sealed class MfaPasskeys(PasskeyAssertion assertion, PasskeyRegistration registration, PlatformDbContext db)
{
    public const int MaxPerTicket = 10;

    /// <summary>Request options for the ticket's user, or null when the ticket does not offer a passkey now.</summary>
    public async Task<string?> ChallengeAsync(MfaTicket ticket, CancellationToken ct) =>
        ticket.Enrollment || !Offers(ticket) || await SpentAsync(ticket, ct)
            ? null : await assertion.BeginAsync(ticket.UserId, ticket.Id, PasskeyPurpose.SecondFactor, ct);

    /// <summary>Creation options for the ticket's user, or null when the ticket does not ask to enroll a passkey.</summary>
    public async Task<string?> EnrollAsync(MfaTicket ticket, PlatformUser user, CancellationToken ct) =>
        !ticket.Enrollment || !Offers(ticket) || user.PasskeyCount >= PasskeyRegistration.MaxPasskeys || await SpentAsync(ticket, ct)
            ? null : await registration.BeginAsync(user, ticket.Id, ct);

    public static bool Offers(MfaTicket ticket) => ticket.Methods.Split(' ').Contains(MfaFactor.WebAuthn);

    private async Task<bool> SpentAsync(MfaTicket ticket, CancellationToken ct) =>
        await db.PasskeyChallenges.CountAsync(c => c.TicketId == ticket.Id, ct) >= MaxPerTicket;
}
