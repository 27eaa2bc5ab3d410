using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Mfa;
using IdentityServer.SmsSignIn;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
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

    public static void MapUserPhone(this RouteGroupBuilder tenant)
    {
        var phone = tenant.MapGroup("/users/{id}/phone");
        phone.MapPost("", SetAsync);
        phone.MapPost("/verify", VerifyAsync);
        phone.MapDelete("", DeleteAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.PhoneRemoved));
    }

    private static async Task<IResult> SetAsync(string id, PhoneRequest body, HttpContext http, UserManager<PlatformUser> users,
        SmsSignInPhone rules, PhoneVerification verification, Audit.AuditLog audit, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound($"There is no user '{id}' in this tenant.");
        }
        // Validity and U1 from their one home: a code is texted only to a phone the user may add.
        var check = body.Verify == true ? rules.Check(user, body.PhoneNumber) : rules.Apply(user, body.PhoneNumber ?? "", verified: true);
        switch (check)
        {
            case PhoneCheck.Invalid invalid:
                return Problems.Invalid(new Dictionary<string, string[]> { ["phone_number"] = [invalid.Error] });
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
            var (otpId, retryAfter) = await verification.SendAsync(user, e164, actor, Tenancy.WebOtpHost.For(http),
                http.Connection.RemoteIpAddress?.ToString(), ct);
            if (retryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem("Too many codes were sent (to this phone, from this address or for this user); try again later.", statusCode: 429, title: "slow_down");
            }
            return otpId is null
                ? TypedResults.Problem("The SMS could not be sent; try again shortly.", statusCode: 503, title: "temporarily_unavailable")
                : TypedResults.Ok(new { otp_id = otpId });
        }
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            return Problems.NotSaved(saved);
        }
        await audit.WriteAsync(actor, Audit.AuditActions.PhoneSet, "user:" + user.Id, new { phone = PhoneMask.Mask(e164), verified_by = "admin" }, ct);
        if (((PhoneCheck.Accepted)check).NoticeDue)
        {
            await rules.NotifyAsync(user, ct);
        }
        return TypedResults.Ok(UserModel.From(user));
    }

    private static async Task<IResult> VerifyAsync(string id, VerifyRequest body, HttpContext http, UserManager<PlatformUser> users,
        PhoneVerification verification, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound($"There is no user '{id}' in this tenant.");
        }
        var actor = ManagementCaller.From(http.User)?.Actor ?? "unknown";
        return await verification.VerifyAsync(user, body.OtpId, body.Code, actor, ct)
            ? TypedResults.Ok(UserModel.From(user))
            : Problems.Invalid(new Dictionary<string, string[]> { ["code"] = [SmsOtpGrant.InvalidCode] });
    }

    private static async Task<IResult> DeleteAsync(string id, UserManager<PlatformUser> users, TenantContext t)
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
        if (FactorRemoval.Refusal(user, MfaFactor.Sms, TenantSettingsStore.Read(t.Current!)) is not null)
        {
            return Problems.WouldLockOut(FactorRemoval.PhoneIsOnlyWayIn);
        }
        FactorRemoval.Remove(user, MfaFactor.Sms);
        var saved = await users.UpdateAsync(user);
        return saved.Succeeded ? TypedResults.NoContent() : Problems.NotSaved(saved);
    }
}
