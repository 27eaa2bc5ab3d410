using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Messaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Account.SelfService;

/// <summary>
/// Forgot password → emailed link → new password (issue 15 point 5). The link is the admin's reset link
/// (<see cref="PasswordResetEmail"/>): ASP.NET Core Identity's reset token, bound to the security stamp,
/// so it dies with the first reset (single use) and after Identity's token lifespan (one day). Known and
/// unknown addresses get the same answer; only a known, enabled account with that email gets a link.
/// </summary>
internal sealed class PasswordResets(UserManager<PlatformUser> users, SelfServiceMail mail, Registrations registrations, PlatformDbContext db,
    AuditLog audit, SessionValidity sessions)
{
    public async Task<SelfServiceSend> RequestAsync(string email, string? clientIp, PageText text, HttpRequest request, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is { Disabled: true } || string.IsNullOrEmpty(user?.Email))
        {
            user = null;
        }
        var message = user is null ? null : mail.Message(user.Email!, text.Format("mail.reset.subject", mail.TenantName),
            text.Format("mail.reset.body", mail.TenantName, await LinkAsync(user, request)));
        return await mail.SendAsync(email, clientIp, SelfServiceMail.Actor, message, user is null ? null : _ =>
        {
            audit.Add(SelfServiceMail.Actor, AuditActions.UserPasswordResetRequested, "user:" + user.Id, new { email = EmailMask.Mask(user.Email) });
            return Task.FromResult(true);
        }, ct);
    }

    /// <summary>The user a link was made for, while its token still works; null otherwise.</summary>
    public async Task<PlatformUser?> CheckAsync(string? userId, string? token)
    {
        var user = await FindAsync(userId, token);
        return user is not null && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<PlatformUser>.ResetPasswordTokenPurpose, token!) ? user : null;
    }

    /// <summary>
    /// Sets the new password with the link's token. The link reached the account's mailbox, so the address is
    /// confirmed too (a self-registered account waiting for its confirmation can sign in) and a lockout ends.
    /// </summary>
    public async Task<PasswordResetOutcome> ResetAsync(string? userId, string? token, string password, CancellationToken ct)
    {
        var user = await FindAsync(userId, token);
        if (user is null)
        {
            return new PasswordResetOutcome.InvalidLink();
        }
        var reset = await users.ResetPasswordAsync(user, token!, password);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? new PasswordResetOutcome.InvalidLink()
                : new PasswordResetOutcome.Refused([.. reset.Errors.Select(e => e.Description)]);
        }
        var revoked = await sessions.EndSessionsAsync(user, ct);
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.EmailConfirmed, true).SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
        await registrations.ClearPendingAsync(user, ct);
        await audit.WriteAsync("user:" + user.Id, AuditActions.UserPasswordReset, "user:" + user.Id, new { sessions_ended = true, tokens_revoked = revoked }, ct);
        return new PasswordResetOutcome.Done();
    }

    private async Task<string> LinkAsync(PlatformUser user, HttpRequest request) =>
        mail.Link(request, PasswordResetEmail.ResetPath, ("user", user.Id), ("token", await users.GeneratePasswordResetTokenAsync(user)));

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
