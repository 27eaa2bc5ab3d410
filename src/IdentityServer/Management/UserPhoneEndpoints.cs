using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Mfa;
using IdentityServer.SmsSignIn;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Management;

/// <summary>
/// SPEC 7: POST users/{id}/phone {phone_number, verify} (verify=true texts a code and returns
/// otp_id; false sets it verified), POST users/{id}/phone/verify {otp_id, code}, DELETE users/{id}/phone
/// (U3: refused where the phone is the user's last way in).
/// U1: where the tenant requires a second factor for SMS, a phone for SMS sign-in needs a non-SMS factor first.
/// </summary>
internal static class UserPhoneEndpoints
{
    public sealed record PhoneRequest(string? PhoneNumber, bool? Verify);

    public sealed record VerifyRequest(string? OtpId, string? Code);

    public sealed record CodeSent(string OtpId);

    public static void MapUserPhone(this RouteGroupBuilder tenant)
    {
        var phone = tenant.MapGroup("/users/{id}/phone");
        phone.MapPost("", SetAsync).Audited(Audit.AuditActions.PhoneSet);
        // Audited by PhoneVerification (phone.verified), as on the account page.
        phone.MapPost("/verify", VerifyAsync);
        phone.MapDelete("", DeleteAsync).Audited(Audit.AuditActions.PhoneRemoved);
    }

    private static async Task<Results<Ok<UserModel>, Ok<CodeSent>, NotFoundProblem, InvalidProblem, ConflictProblem, CodeNotSentProblem>> SetAsync(
        string id, PhoneRequest body, HttpContext http, UserManager<PlatformUser> users,
        SmsSignInPhone rules, PhoneVerification verification, AuditTrail trail, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound($"There is no user '{id}' in this tenant.");
        }
        trail.On("user:" + id).WasBefore(UserModel.From(user));
        // Validity and U1 from their one home: a code is texted only to a phone the user may add.
        var check = body.Verify == true ? rules.Check(user, body.PhoneNumber) : rules.Apply(user, body.PhoneNumber ?? "", verified: true);
        switch (check)
        {
            case PhoneCheck.Invalid invalid:
                return Problems.Invalid("phone_number", invalid.Error);
            case PhoneCheck.NeedsSecondFactor:
                return Problems.SecondFactorRequired();
        }
        var e164 = ((PhoneCheck.Accepted)check).E164;
        if (await users.Users.AnyAsync(u => u.PhoneNumber == e164 && u.Id != id, ct))
        {
            return Problems.Conflict("Another user of this tenant has that phone number.");
        }
        var actor = ManagementCaller.From(http.User)?.Actor ?? "unknown";
        if (body.Verify == true)
        {
            // The code's send is audited by PhoneVerification (sms.code_sent or code.send_refused).
            trail.Skip();
            var (otpId, retryAfter) = await verification.SendAsync(user, e164, actor, Tenancy.WebOtpHost.For(http),
                http.Connection.RemoteIpAddress?.ToString(), ct);
            if (retryAfter is { } wait)
            {
                return CodeNotSentProblem.TooMany(
                    $"Too many codes were sent (to this phone, from this address or for this user). Wait {wait} seconds before asking for another code.", wait);
            }
            return otpId is null
                ? CodeNotSentProblem.Unavailable("The SMS could not be sent; try again shortly.")
                : TypedResults.Ok(new CodeSent(otpId));
        }
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            return Problems.IsConcurrencyFailure(saved) ? Problems.ChangedMeanwhile() : Problems.NotSaved(saved);
        }
        if (((PhoneCheck.Accepted)check).NoticeDue)
        {
            await rules.NotifyAsync(user, ct);
        }
        var after = UserModel.From(user);
        trail.IsAfter(after).With("verified_by", "admin");
        return TypedResults.Ok(after);
    }

    private static async Task<Results<Ok<UserModel>, NotFoundProblem, InvalidProblem>> VerifyAsync(string id, VerifyRequest body,
        HttpContext http, UserManager<PlatformUser> users, PhoneVerification verification, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound($"There is no user '{id}' in this tenant.");
        }
        var actor = ManagementCaller.From(http.User)?.Actor ?? "unknown";
        return await verification.VerifyAsync(user, body.OtpId, body.Code, actor, ct)
            ? TypedResults.Ok(UserModel.From(user))
            : Problems.Invalid("code", SmsOtpGrant.InvalidCode);
    }

    private static async Task<Results<NoContent, NotFoundProblem, InvalidProblem, ConflictProblem>> DeleteAsync(string id,
        UserManager<PlatformUser> users, TenantContext t, AuditTrail trail)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound($"There is no user '{id}' in this tenant.");
        }
        if (!FactorRemoval.Has(user, MfaFactor.Sms))
        {
            // Already gone (another request removed it): nothing is changed, nothing audited.
            return Problems.NotFound($"User '{id}' has no phone.");
        }
        // U3 from its one home, as on the account security page: nobody removes their last way in.
        if (FactorRemoval.Refusal(user, MfaFactor.Sms, t.Settings) is not null)
        {
            return Problems.WouldLockOut(FactorRemoval.PhoneIsOnlyWayIn);
        }
        trail.On("user:" + id).WasBefore(UserModel.From(user));
        FactorRemoval.Remove(user, MfaFactor.Sms);
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            return Problems.IsConcurrencyFailure(saved) ? Problems.ChangedMeanwhile() : Problems.NotSaved(saved);
        }
        trail.IsAfter(UserModel.From(user));
        return TypedResults.NoContent();
    }
}
