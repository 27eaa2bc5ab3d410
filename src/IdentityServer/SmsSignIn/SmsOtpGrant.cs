using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.Protocol;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// grant_type=urn:identity-platform:grant-type:sms-otp (SPEC 4.3): the verified code's decision
/// becomes tokens, mfa_required / mfa_enrollment_required with an mfa_token, or access_denied.
/// Runs in the token endpoint's unit of work: a new user, the audit events and the MFA ticket are
/// queued, and the token endpoint commits them whatever the outcome.
/// </summary>
internal sealed class SmsOtpGrant(SmsSignInService sms, MfaTicketStore tickets, TimeProvider time) : ITokenGrant
{
    // One description for wrong, expired, used, unknown and foreign codes.
    public const string InvalidCode = "The code is invalid or has expired.";

    public async Task<GrantOutcome> HandleAsync(OpenIddictRequest request, CancellationToken ct)
    {
        var completion = await sms.CompleteQueuedAsync(request.GetParameter("otp_id")?.ToString(), request.ClientId!,
            request.GetParameter("code")?.ToString(), ct);
        if (completion.Error == Errors.AccessDenied)
        {
            return new GrantOutcome.Refused(Errors.AccessDenied, "SMS sign-in is not enabled for this tenant.");
        }
        if (completion.Error is not null)
        {
            return new GrantOutcome.Refused(Errors.InvalidGrant, InvalidCode);
        }
        var (user, created) = (completion.User!, completion.Created);
        return completion.Decision switch
        {
            MfaDecision.Allow => new GrantOutcome.SignedIn(user, [.. request.GetScopes()], [FirstFactors.Sms], time.GetUtcNow())
            {
                UserCreated = created,
            },
            MfaDecision.RequireSecondFactor or MfaDecision.RequireEnrollment => await MfaRequiredAsync(completion.Decision, user, request, created, ct),
            MfaDecision.Deny deny => new GrantOutcome.Refused(Errors.AccessDenied, deny.Reason),
            _ => throw new InvalidOperationException("Unknown decision."),
        };
    }

    // SPEC 4.3: mfa_required / mfa_enrollment_required with an mfa_token and the methods.
    private async Task<GrantOutcome> MfaRequiredAsync(MfaDecision decision, PlatformUser user, OpenIddictRequest request, bool created,
        CancellationToken ct)
    {
        var ticket = new MfaTicket
        {
            ClientId = request.ClientId!,
            UserId = user.Id,
            FirstFactor = FirstFactors.Sms,
            Scopes = string.Join(' ', request.GetScopes()),
            UserCreated = created,
        };
        var (token, methods) = await tickets.IssueAsync(decision, ticket, ct);
        return new GrantOutcome.MfaRequired(ticket.Enrollment, token, methods, created);
    }
}
