using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Oidc;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// grant_type=urn:identity-platform:grant-type:sms-otp (SPEC 4.3): the verified code's decision
/// becomes tokens, mfa_required / mfa_enrollment_required with an mfa_token, or access_denied.
/// </summary>
public sealed class SmsOtpGrant(SmsSignInService sms, MfaTicketStore tickets, TimeProvider time)
{
    // One description for wrong, expired, used, unknown and foreign codes.
    public const string InvalidCode = "The code is invalid or has expired.";

    public async Task<IResult> HandleAsync(OpenIddictRequest request, CancellationToken ct)
    {
        // A new user and the audit events wait in the unit of work: saved with the tokens (one write)
        // or with the MFA ticket.
        var completion = await sms.CompleteQueuedAsync(request.GetParameter("otp_id")?.ToString(), request.ClientId!,
            request.GetParameter("code")?.ToString(), ct);
        if (completion.Error == Errors.AccessDenied)
        {
            return AuthorizeEndpoint.Forbid(Errors.AccessDenied, "SMS sign-in is not enabled for this tenant.");
        }
        if (completion.Error is not null)
        {
            return AuthorizeEndpoint.Forbid(Errors.InvalidGrant, InvalidCode);
        }
        var (user, created) = (completion.User!, completion.Created);
        return completion.Decision switch
        {
            MfaDecision.Allow => SignIn(user, request, created),
            MfaDecision.RequireSecondFactor or MfaDecision.RequireEnrollment => await MfaRequiredAsync(completion.Decision, user, request, created, ct),
            MfaDecision.Deny deny => AuthorizeEndpoint.Forbid(Errors.AccessDenied, deny.Reason),
            _ => throw new InvalidOperationException("Unknown decision."),
        };
    }

    private IResult SignIn(PlatformUser user, OpenIddictRequest request, bool created)
    {
        var principal = UserPrincipalFactory.Create(user, request.GetScopes(), [FirstFactors.Sms], time.GetUtcNow());
        var properties = new AuthenticationProperties();
        if (created)
        {
            properties.SetParameter("user_created", true);
        }
        return Results.SignIn(principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // SPEC 4.3: mfa_required / mfa_enrollment_required with an mfa_token and the methods.
    private async Task<IResult> MfaRequiredAsync(MfaDecision decision, PlatformUser user, OpenIddictRequest request, bool created,
        CancellationToken ct)
    {
        var ticket = new MfaTicket
        {
            ClientId = request.ClientId!, UserId = user.Id, FirstFactor = FirstFactors.Sms, Scopes = string.Join(' ', request.GetScopes()),
            UserCreated = created,
        };
        var (token, methods) = await tickets.IssueAsync(decision, ticket, ct);
        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = ticket.Enrollment ? "mfa_enrollment_required" : "mfa_required",
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = ticket.Enrollment
                ? "Enroll a second factor to finish signing in." : "A second factor is needed to finish signing in.",
        });
        properties.SetParameter("mfa_token", token);
        properties.SetParameter("mfa_methods", methods.ToArray());
        if (created)
        {
            properties.SetParameter("user_created", true);
        }
        return Results.Forbid(properties, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
