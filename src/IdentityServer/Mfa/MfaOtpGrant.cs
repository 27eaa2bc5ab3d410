using IdentityServer.Protocol;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Mfa;

/// <summary>
/// grant_type=urn:identity-platform:grant-type:mfa-otp (SPEC 5): mfa_token + factor + code
/// completes a sign-in that answered mfa_required or mfa_enrollment_required; a completion that
/// enrolled TOTP also returns the ten recovery codes, once. With factor=webauthn the authenticator's
/// answer (PublicKeyCredential JSON) comes as <c>assertion</c> (a challenge) or <c>attestation</c> (an enrollment).
/// Runs in the token endpoint's unit of work: the user's change and the audit events are committed
/// with the tokens (or, refused, alone).
/// </summary>
internal sealed class MfaOtpGrant(MfaVerifier verifier, TimeProvider time) : ITokenGrant
{
    public async Task<GrantOutcome> HandleAsync(OpenIddictRequest request, CancellationToken ct)
    {
        var factor = request.GetParameter("factor")?.ToString();
        var code = factor == MfaFactor.WebAuthn
            ? (request.GetParameter("assertion") ?? request.GetParameter("attestation"))?.ToString()
            : request.GetParameter("code")?.ToString();
        var completion = await verifier.CompleteAsync(request.GetParameter("mfa_token")?.ToString(), request.ClientId!, factor, code, ct);
        if (completion.Error is not null)
        {
            return new GrantOutcome.Refused(Errors.InvalidGrant, completion.Error);
        }
        var ticket = completion.Ticket!;
        return new GrantOutcome.SignedIn(completion.User!, ticket.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            completion.Amr, time.GetUtcNow())
        {
            UserCreated = ticket.UserCreated,
            RecoveryCodes = completion.NewRecoveryCodes,
        };
    }
}
