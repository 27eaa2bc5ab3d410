using IdentityServer.Data;

namespace IdentityServer.Mfa;

/// <summary>
/// A completed second factor: the user, the ticket it completed, the amr of the whole sign-in,
/// and the recovery codes to show once when this completion enrolled TOTP. Error when it failed.
/// </summary>
internal sealed record MfaCompletion(PlatformUser? User, MfaTicket? Ticket, IReadOnlyList<string> Amr,
    IReadOnlyList<string>? NewRecoveryCodes, string? Error)
{
    public static MfaCompletion Failed(string error) => new(null, null, [], null, error);
}
