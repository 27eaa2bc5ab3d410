using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Account.SelfService;

/// <summary>
/// Self-service registration (SPEC 6 sign_in.registration.enabled, issue 15 point 5), as Auth0 does it: the
/// account is created with its password and a confirmation link is emailed; it signs in only once the link
/// was followed. A known address gets the same answer and an email saying it has an account already (or, while
/// it waits for its confirmation, a new link), so the page never tells whether an address is registered.
/// </summary>
internal sealed class Registrations(UserManager<PlatformUser> users, SelfServiceMail mail, UnitOfWork unit, PlatformDbContext db, AuditLog audit,
    TimeProvider time)
{
    // The mark of an account that waits for its email confirmation (a row of Identity's user tokens).
    private const string Provider = "registration";
    private const string PendingName = "email_verification";

    /// <summary>The page that redeems the links of <see cref="RegisterAsync"/> and of an added email (Security page).</summary>
    public const string VerifyPath = "/account/verify-email";

    /// <summary>Registration needs its switch and password sign-in (a registered account signs in with its password).</summary>
    public static bool Open(TenantSettings settings) => settings.SignIn.Registration.Enabled && settings.SignIn.Password.Enabled;

    public async Task<RegistrationOutcome> RegisterAsync(string email, string password, string? clientIp, PageText text, HttpRequest request,
        CancellationToken ct)
    {
        // The password rules first, for a new and a known address alike: a refusal says nothing about the address.
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, new PlatformUser { UserName = email, Email = email }, password);
            errors.AddRange(checkedPassword.Errors.Select(e => e.Description));
        }
        if (errors.Count > 0)
        {
            return new RegistrationOutcome.Refused(errors);
        }
        var known = await users.FindByEmailAsync(email);
        if (known is not null)
        {
            return new RegistrationOutcome.Sent(await AnswerKnownAsync(known, clientIp, text, request, ct));
        }
        // Through UserManager (validators, normalised names, hash, security stamp), queued and not saved: the user is
        // saved with the send's count, only when the limits let the email go.
        var user = new PlatformUser { UserName = email, Email = email, CreatedAt = time.GetUtcNow() };
        unit.Begin();
        var created = await users.CreateAsync(user, password);
        db.ChangeTracker.Clear();
        await unit.CommitAsync(ct);
        if (!created.Succeeded)
        {
            // A parallel registration of the same address took it: the same answer as for a known address.
            return created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? new RegistrationOutcome.Sent(new SelfServiceSend.Sent())
                : new RegistrationOutcome.Refused([.. created.Errors.Select(e => e.Description)]);
        }
        var message = await VerificationMessageAsync(user, text, request);
        try
        {
            return new RegistrationOutcome.Sent(await mail.SendAsync(email, clientIp, SelfServiceMail.Actor, message, _ =>
            {
                db.Users.Add(user);
                db.UserTokens.Add(new IdentityUserToken<string> { UserId = user.Id, LoginProvider = Provider, Name = PendingName, Value = "1" });
                audit.Add(SelfServiceMail.Actor, AuditActions.UserRegistered, "user:" + user.Id, new { email = EmailMask.Mask(email) });
                return Task.FromResult(true);
            }, ct));
        }
        catch (DbUpdateException)
        {
            // The same address registered in parallel (the per-tenant unique user name): nothing of this one was saved.
            db.ChangeTracker.Clear();
            return new RegistrationOutcome.Sent(new SelfServiceSend.Sent());
        }
    }

    /// <summary>True for a self-registered account whose email is not confirmed yet: it cannot sign in with its password.</summary>
    public async Task<bool> AwaitsVerificationAsync(PlatformUser user, CancellationToken ct) =>
        !user.EmailConfirmed && await db.UserTokens.AnyAsync(t => t.UserId == user.Id && t.LoginProvider == Provider && t.Name == PendingName, ct);

    /// <summary>Confirms the address of a registration link; the address, or null when the link does not work.</summary>
    public async Task<string?> ConfirmAsync(string? userId, string? token, CancellationToken ct)
    {
        var user = await FindAsync(userId, token);
        var wasConfirmed = user?.EmailConfirmed == true;
        if (user is null || !(await users.ConfirmEmailAsync(user, token!)).Succeeded)
        {
            return null;
        }
        if (wasConfirmed)
        {
            // The link followed again: nothing changes, nothing is audited.
            return user.Email;
        }
        await ClearPendingAsync(user, ct);
        await audit.WriteAsync("user:" + user.Id, AuditActions.UserEmailVerified, "user:" + user.Id, new { email = EmailMask.Mask(user.Email) }, ct);
        return user.Email;
    }

    /// <summary>Ends the wait for a confirmation (the address was proven by a reset link or an admin).</summary>
    public Task ClearPendingAsync(PlatformUser user, CancellationToken ct) =>
        db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == Provider && t.Name == PendingName).ExecuteDeleteAsync(ct);

    private async Task<SelfServiceSend> AnswerKnownAsync(PlatformUser known, string? clientIp, PageText text, HttpRequest request, CancellationToken ct)
    {
        EmailMessage? message = null;
        if (!known.Disabled)
        {
            message = await AwaitsVerificationAsync(known, ct)
                ? await VerificationMessageAsync(known, text, request)
                : mail.Message(known.Email!, text.Format("mail.exists.subject", mail.TenantName), text.Format("mail.exists.body", mail.TenantName,
                    mail.Link(request, "/account/login"), mail.Link(request, "/account/forgot-password")));
        }
        return await mail.SendAsync(known.Email!, clientIp, SelfServiceMail.Actor, message, null, ct);
    }

    private async Task<EmailMessage> VerificationMessageAsync(PlatformUser user, PageText text, HttpRequest request)
    {
        var link = mail.Link(request, VerifyPath, ("user", user.Id), ("token", await users.GenerateEmailConfirmationTokenAsync(user)));
        return mail.Message(user.Email!, text.Format("mail.verify.subject", mail.TenantName), text.Format("mail.verify.body", mail.TenantName, link));
    }

    private async Task<PlatformUser?> FindAsync(string? userId, string? token)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 100 || string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return null;
        }
        var user = await users.FindByIdAsync(userId);
        return user is null || user.Disabled ? null : user;
    }
}
