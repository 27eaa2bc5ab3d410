using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Management;

internal static class UserEndpoints
{
    public static void MapUsers(this RouteGroupBuilder tenant)
    {
        var users = tenant.MapGroup("/users");
        users.MapPost("", CreateAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.UserCreated));
        users.MapGet("", ListAsync);
        users.MapGet("/{id}", async (string id, UserManager<PlatformUser> um) =>
            await um.FindByIdAsync(id) is { } u ? TypedResults.Ok(UserModel.From(u)) : NotFound(id));
        users.MapPut("/{id}", UpdateAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.UserUpdated));
        users.MapPatch("/{id}", UpdateAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.UserUpdated));
        users.MapDelete("/{id}", DeleteAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.UserDeleted));
        users.MapPost("/{id}/disable", (string id, UserManager<PlatformUser> um, TenantContext t, CancellationToken ct) =>
            ChangeAsync(id, new UserModel { Status = "disabled" }, um, t, null, ct, changesPhone: false))
            .WithMetadata(new AuditedAttribute(Audit.AuditActions.UserUpdated));
        users.MapPost("/{id}/enable", (string id, UserManager<PlatformUser> um, TenantContext t, CancellationToken ct) =>
            ChangeAsync(id, new UserModel { Status = "active" }, um, t, null, ct, changesPhone: false))
            .WithMetadata(new AuditedAttribute(Audit.AuditActions.UserUpdated));
        users.MapPost("/{id}/mfa/reset", ResetMfaAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.UserMfaReset));
        users.MapPost("/{id}/mfa/unlock", UnlockMfaAsync).WithMetadata(new AuditedAttribute(Audit.AuditActions.UserMfaUnlocked));
    }

    private static async Task<IResult> CreateAsync(UserModel body, UserManager<PlatformUser> users, TenantContext t, TimeProvider time,
        SmsSignInPhone phones, CancellationToken ct)
    {
        var errors = UserModelRules.Check(body, t.RequiredTenantId, creating: true);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var user = new PlatformUser { CreatedAt = time.GetUtcNow() };
        user.UserName = user.Id;
        Apply(body, user);
        // The phone rules (valid number, U1, U2) exactly as POST .../phone applies them.
        var phone = ApplyPhone(body, user, phones, creating: true);
        if (phone is not PhoneCheck.Accepted accepted)
        {
            return PhoneProblem(phone);
        }
        if (user.PhoneNumber is not null && await users.Users.AnyAsync(u => u.PhoneNumber == user.PhoneNumber, ct))
        {
            return Problems.Conflict("Another user of this tenant has that phone number.");
        }
        var result = body.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, body.Password);
        if (!result.Succeeded)
        {
            return IdentityProblem(result);
        }
        if (accepted.NoticeDue)
        {
            await phones.NotifyAsync(user, ct);
        }
        return TypedResults.Created($"users/{user.Id}", UserModel.From(user));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, UserManager<PlatformUser> users, CancellationToken ct)
    {
        if (!Paging.TryRead(request, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }
        var query = users.Users;
        var search = request.Query["search"].ToString();
        if (search.Length > 200)
        {
            return Problems.BadRequest("search is at most 200 characters.");
        }
        if (search.Length > 0)
        {
            var upper = search.ToUpperInvariant();
            query = query.Where(u => (u.NormalizedEmail != null && u.NormalizedEmail.Contains(upper))
                || (u.PhoneNumber != null && u.PhoneNumber.Contains(search))
                || (u.GivenName != null && u.GivenName.Contains(search))
                || (u.FamilyName != null && u.FamilyName.Contains(search)));
        }
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Page<UserModel>(items.Select(UserModel.From).ToList(), total));
    }

    private static Task<IResult> UpdateAsync(string id, UserModel body, UserManager<PlatformUser> users, TenantContext t,
        SmsSignInPhone phones, CancellationToken ct) => ChangeAsync(id, body, users, t, phones, ct, changesPhone: true);

    private static async Task<IResult> ChangeAsync(string id, UserModel body, UserManager<PlatformUser> users, TenantContext t,
        SmsSignInPhone? phones, CancellationToken ct, bool changesPhone)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        var errors = UserModelRules.Check(body, t.RequiredTenantId, creating: false);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        if (body.Password is not null)
        {
            // Checked before anything is changed: a refused password leaves the user as it was.
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, body.Password);
                if (!check.Succeeded)
                {
                    return IdentityProblem(check);
                }
            }
        }
        var phoneBefore = user.PhoneNumber;
        var settings = Tenancy.Settings.TenantSettingsStore.Read(t.Current!);
        var wasSmsOnly = Mfa.FactorRemoval.SmsIsOnlyFirstFactor(user, settings);
        Apply(body, user);
        // The phone rules (valid number, U1, U2) exactly as POST .../phone applies them.
        var phone = changesPhone ? ApplyPhone(body, user, phones!, creating: false) : new PhoneCheck.Accepted("", false);
        if (phone is not PhoneCheck.Accepted accepted)
        {
            return PhoneProblem(phone);
        }
        // U3 from its one home (Mfa/FactorRemoval), as DELETE .../phone and the security page: unverifying or
        // replacing the phone of an SMS-only user by an unverified one removes their last way in.
        if (Mfa.FactorRemoval.PhoneChangeRefusal(wasSmsOnly, user, body.Password is not null, settings) is { } refusal)
        {
            return Problems.WouldLockOut(refusal);
        }
        if (user.PhoneNumber is not null && user.PhoneNumber != phoneBefore
            && await users.Users.AnyAsync(u => u.PhoneNumber == user.PhoneNumber && u.Id != id, ct))
        {
            return Problems.Conflict("Another user of this tenant has that phone number.");
        }
        var result = await users.UpdateAsync(user);
        if (result.Succeeded && body.Password is not null)
        {
            await users.RemovePasswordAsync(user);
            result = await users.AddPasswordAsync(user, body.Password);
        }
        if (result.Succeeded && body.Status == "disabled")
        {
            // Sessions and refresh tokens of a disabled user stop at their next check.
            result = await users.UpdateSecurityStampAsync(user);
        }
        if (result.Succeeded && accepted.NoticeDue)
        {
            await phones!.NotifyAsync(user, ct);
        }
        return result.Succeeded ? TypedResults.Ok(UserModel.From(user)) : IdentityProblem(result);
    }

    private static PhoneCheck ApplyPhone(UserModel body, PlatformUser user, SmsSignInPhone phones, bool creating) =>
        body.PhoneNumber is null && (creating || body.PhoneNumberVerified is null) ? new PhoneCheck.Accepted("", false)
            : phones.Apply(user, body.PhoneNumber, body.PhoneNumberVerified);

    private static IResult PhoneProblem(PhoneCheck check) => check is PhoneCheck.Invalid invalid
        ? Problems.Invalid(new Dictionary<string, string[]> { ["phone_number"] = [invalid.Error] })
        : Problems.SecondFactorRequired();

    private static async Task<IResult> DeleteAsync(string id, UserManager<PlatformUser> users)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        var result = await users.DeleteAsync(user);
        return result.Succeeded ? TypedResults.NoContent() : IdentityProblem(result);
    }

    private static async Task<IResult> ResetMfaAsync(string id, UserManager<PlatformUser> users, TenantContext t)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        // U3: every second factor goes, by the rules of Mfa/FactorRemoval (refused where it would lock the user out).
        if (Mfa.FactorRemoval.Reset(user, Tenancy.Settings.TenantSettingsStore.Read(t.Current!)) is { } refusal)
        {
            return Problems.Conflict(refusal);
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        return TypedResults.Ok(UserModel.From(user));
    }

    // SPEC 7: ends a second-factor lockout (SPEC 3); the count and the doubling start over.
    private static async Task<IResult> UnlockMfaAsync(string id, UserManager<PlatformUser> users,
        Mfa.MfaLockout lockout, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is null)
        {
            return NotFound(id);
        }
        await lockout.UnlockAsync(id, ct);
        return TypedResults.NoContent();
    }

    // Fields left out (null) keep their value. The phone fields go through ApplyPhone.
    private static void Apply(UserModel body, PlatformUser user)
    {
        if (body.Email is not null) user.Email = body.Email;
        if (body.EmailVerified is { } ev) user.EmailConfirmed = ev;
        if (body.GivenName is not null) user.GivenName = body.GivenName;
        if (body.FamilyName is not null) user.FamilyName = body.FamilyName;
        if (body.Roles is not null) user.Roles = string.Join(' ', body.Roles.Distinct());
        if (body.Status is not null) user.Disabled = body.Status == "disabled";
    }

    private static IResult IdentityProblem(IdentityResult result)
    {
        var duplicate = result.Errors.FirstOrDefault(e => e.Code is "DuplicateEmail" or "DuplicateUserName");
        if (duplicate is not null)
        {
            return Problems.Conflict("Another user of this tenant has that email.");
        }
        var field = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "user";
        return Problems.Invalid(new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).ToArray() });
    }

    private static IResult NotFound(string id) => Problems.NotFound($"There is no user '{id}' in this tenant.");
}
