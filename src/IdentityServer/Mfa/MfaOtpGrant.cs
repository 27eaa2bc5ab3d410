using IdentityServer.Oidc;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Mfa;

/// <summary>
/// grant_type=urn:identity-platform:grant-type:mfa-otp (SPEC 5): mfa_token + factor + code
/// completes a sign-in that answered mfa_required or mfa_enrollment_required; a completion that
/// enrolled TOTP also returns the ten recovery codes, once.
/// </summary>
public sealed class MfaOtpGrant(MfaVerifier verifier, TimeProvider time)
{
    public async Task<IResult> HandleAsync(OpenIddictRequest request, CancellationToken ct)
    {
        var completion = await verifier.CompleteAsync(request.GetParameter("mfa_token")?.ToString(), request.ClientId!,
            request.GetParameter("factor")?.ToString(), request.GetParameter("code")?.ToString(), ct);
        if (completion.Error is not null)
        {
            return AuthorizeEndpoint.Forbid(Errors.InvalidGrant, completion.Error);
        }
        var ticket = completion.Ticket!;
        var principal = UserPrincipalFactory.Create(completion.User!, ticket.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            completion.Amr, time.GetUtcNow());
        var properties = new AuthenticationProperties();
        if (ticket.UserCreated)
        {
            properties.SetParameter("user_created", true);
        }
        if (completion.NewRecoveryCodes is { } codes)
        {
            properties.SetParameter("recovery_codes", codes.ToArray());
        }
        return Results.SignIn(principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
