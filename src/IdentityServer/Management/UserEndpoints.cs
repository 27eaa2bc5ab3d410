using IdentityServer.Account;
using IdentityServer.Data;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserChange = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<IdentityServer.Management.UserModel>,
    IdentityServer.Management.NotFoundProblem, IdentityServer.Management.InvalidProblem, IdentityServer.Management.ConflictProblem>;

namespace IdentityServer.Management;

internal static class UserEndpoints
{
    public static void MapUsers(this RouteGroupBuilder tenant)
    {
        // OwnAdminAccessFilter: an admin does not remove their own admin role, disable or delete themselves.
        var users = tenant.MapGroup("/users").AddEndpointFilter<OwnAdminAccessFilter>().ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPost("", CreateAsync).Audited(Audit.AuditActions.UserCreated);
        users.MapGet("", ListAsync);
        users.MapGet("/{id}", ReadAsync);
        users.MapPut("/{id}", UpdateAsync).Audited(Audit.AuditActions.UserUpdated);
        users.MapPatch("/{id}", UpdateAsync).Audited(Audit.AuditActions.UserUpdated);
        users.MapDelete("/{id}", DeleteAsync).Audited(Audit.AuditActions.UserDeleted);
        users.MapPost("/{id}/disable", (string id, UserManager<PlatformUser> um, TenantContext t, AuditTrail trail, CancellationToken ct) =>
            ChangeAsync(id, new UserModel { Status = "disabled" }, um, t, null, trail, ct, changesPhone: false))
            .Audited(Audit.AuditActions.UserUpdated);
        users.MapPost("/{id}/enable", (string id, UserManager<PlatformUser> um, TenantContext t, AuditTrail trail, CancellationToken ct) =>
            ChangeAsync(id, new UserModel { Status = "active" }, um, t, null, trail, ct, changesPhone: false))
            .Audited(Audit.AuditActions.UserUpdated);
        users.MapPost("/{id}/mfa/reset", ResetMfaAsync).Audited(Audit.AuditActions.UserMfaReset);
        users.MapPost("/{id}/mfa/unlock", UnlockMfaAsync).Audited(Audit.AuditActions.UserMfaUnlocked);
    }

    private static async Task<Results<Ok<UserModel>, NotFoundProblem>> ReadAsync(string id, UserManager<PlatformUser> users) =>
        await users.FindByIdAsync(id) is { } u ? TypedResults.Ok(UserModel.From(u)) : NotFound(id);

    private static async Task<Results<Created<UserModel>, InvalidProblem, ConflictProblem>> CreateAsync(UserModel body,
        UserManager<PlatformUser> users, TimeProvider time, SmsSignInPhone phones, AuditTrail trail, CancellationToken ct)
    {
        var user = new PlatformUser { CreatedAt = time.GetUtcNow() };
        user.UserName = user.Id;
        Apply(body, user);
        // The phone rules (valid number, U1, U2) exactly as POST .../phone applies them.
        var phone = ApplyPhone(body, user, phones, creating: true);
        if (phone is PhoneCheck.Invalid invalid)
        {
            return Problems.Invalid("phone_number", invalid.Error);
        }
        if (phone is not PhoneCheck.Accepted accepted)
        {
            return Problems.SecondFactorRequired();
        }
        if (user.PhoneNumber is not null && await users.Users.AnyAsync(u => u.PhoneNumber == user.PhoneNumber, ct))
        {
            return Problems.Conflict("Another user of this tenant has that phone number.");
        }
        var result = body.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, body.Password);
        if (!result.Succeeded)
        {
            return IsDuplicate(result) ? DuplicateEmail() : Problems.NotSaved(result);
        }
        if (accepted.NoticeDue)
        {
            await phones.NotifyAsync(user, ct);
        }
        var created = UserModel.From(user);
        trail.On("user:" + user.Id).IsAfter(created);
        return TypedResults.Created($"users/{user.Id}", created);
    }

    private static async Task<Results<Ok<Page<UserModel>>, BadRequestProblem>> ListAsync([AsParameters] UserQuery query,
        UserManager<PlatformUser> users, CancellationToken ct)
    {
        if (query.Paging() is not { } paging)
        {
            return Problems.BadRequest(Paging.Error);
        }
        // ?q= (as in Auth0's user search) or ?search=: email, phone or name.
        var search = (query.Q ?? query.Search ?? "").Trim();
        if (search.Length > 200)
        {
            return Problems.BadRequest("search is at most 200 characters.");
        }
        var found = users.Users;
        if (search.Length > 0)
        {
            var upper = search.ToUpperInvariant();
            found = found.Where(u => (u.NormalizedEmail != null && u.NormalizedEmail.Contains(upper))
                || (u.PhoneNumber != null && u.PhoneNumber.Contains(search))
                || (u.GivenName != null && u.GivenName.ToUpper().Contains(upper))
                || (u.FamilyName != null && u.FamilyName.ToUpper().Contains(upper))
                || (u.GivenName != null && u.FamilyName != null && (u.GivenName + " " + u.FamilyName).ToUpper().Contains(upper)));
        }
        var total = await found.LongCountAsync(ct);
        var items = await found.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Page<UserModel>(items.Select(UserModel.From).ToList(), total));
    }

    private static Task<UserChange> UpdateAsync(string id, UserModel body, UserManager<PlatformUser> users, TenantContext t,
        SmsSignInPhone phones, SessionValidity sessions, AuditTrail trail, CancellationToken ct) =>
        ChangeAsync(id, body, users, t, phones, trail, ct, changesPhone: true, sessions);

    private static async Task<UserChange> ChangeAsync(string id, UserModel body, UserManager<PlatformUser> users, TenantContext t,
        SmsSignInPhone? phones, AuditTrail trail, CancellationToken ct, bool changesPhone, SessionValidity? sessions = null)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        if (body.Password is not null)
        {
            // Checked before anything is changed: a refused password leaves the user as it was.
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, body.Password);
                if (!check.Succeeded)
                {
                    return Problems.NotSaved(check);
                }
            }
        }
        trail.On("user:" + id).WasBefore(UserModel.From(user));
        var phoneBefore = user.PhoneNumber;
        var settings = t.Settings;
        var wasSmsOnly = Mfa.FactorRemoval.SmsIsOnlyFirstFactor(user, settings);
        Apply(body, user);
        // The phone rules (valid number, U1, U2) exactly as POST .../phone applies them.
        var phone = changesPhone ? ApplyPhone(body, user, phones!, creating: false) : new PhoneCheck.Accepted("", false);
        if (phone is PhoneCheck.Invalid invalid)
        {
            return Problems.Invalid("phone_number", invalid.Error);
        }
        if (phone is not PhoneCheck.Accepted accepted)
        {
            return Problems.SecondFactorRequired();
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
            // The password itself is never recorded; that it changed is. What the old one opened ends.
            trail.With("password", "changed");
            if (result.Succeeded && sessions is not null)
            {
                await sessions.EndSessionsAsync(user, ct);
                trail.With("sessions", "ended");
            }
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
        if (!result.Succeeded)
        {
            return IsDuplicate(result) ? DuplicateEmail() : Problems.IsConcurrencyFailure(result) ? Problems.ChangedMeanwhile() : Problems.NotSaved(result);
        }
        var after = UserModel.From(user);
        trail.IsAfter(after);
        return TypedResults.Ok(after);
    }

    private static PhoneCheck ApplyPhone(UserModel body, PlatformUser user, SmsSignInPhone phones, bool creating) =>
        body.PhoneNumber is null && (creating || body.PhoneNumberVerified is null) ? new PhoneCheck.Accepted("", false)
            : phones.Apply(user, body.PhoneNumber, body.PhoneNumberVerified);

    private static async Task<Results<NoContent, NotFoundProblem, InvalidProblem>> DeleteAsync(string id, UserManager<PlatformUser> users, AuditTrail trail)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        trail.On("user:" + id).WasBefore(UserModel.From(user));
        var result = await users.DeleteAsync(user);
        return result.Succeeded ? TypedResults.NoContent() : Problems.NotSaved(result);
    }

    private static async Task<Results<Ok<UserModel>, NotFoundProblem, ConflictProblem>> ResetMfaAsync(string id, UserManager<PlatformUser> users,
        TenantContext t, AuditTrail trail)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound(id);
        }
        trail.On("user:" + id).WasBefore(UserModel.From(user));
        // U3: every second factor goes, by the rules of Mfa/FactorRemoval (refused where it would lock the user out).
        if (Mfa.FactorRemoval.Reset(user, t.Settings) is { } refusal)
        {
            return Problems.Conflict(refusal);
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        var after = UserModel.From(user);
        trail.IsAfter(after);
        return TypedResults.Ok(after);
    }

    // SPEC 7: ends a second-factor lockout (SPEC 3); the count and the doubling start over.
    private static async Task<Results<NoContent, NotFoundProblem>> UnlockMfaAsync(string id, UserManager<PlatformUser> users,
        Mfa.MfaLockout lockout, AuditTrail trail, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound(id);
        }
        trail.On("user:" + id).With("mfa_locked_until", user.MfaLockedUntil);
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

    private static bool IsDuplicate(IdentityResult result) => result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName");

    private static ConflictProblem DuplicateEmail() => Problems.Conflict("Another user of this tenant has that email.");

    private static NotFoundProblem NotFound(string id) => Problems.NotFound($"There is no user '{id}' in this tenant.");
}
