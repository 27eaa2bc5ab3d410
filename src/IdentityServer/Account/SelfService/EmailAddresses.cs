using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Messaging;
using Microsoft.AspNetCore.Identity;

namespace IdentityServer.Account.SelfService;

/// <summary>
/// A signed-in user adds an email address (an SMS-only user) or confirms the one an admin set, by a link
/// sent to it (issue 15 point 5): Identity's change-email token, bound to the user, the address and the
/// security stamp, so it works once. An address another account of the tenant uses gets the same answer and
/// no email (the page does not tell who has an account).
/// </summary>
internal sealed class EmailAddresses(UserManager<PlatformUser> users, SelfServiceMail mail, Registrations registrations, AuditLog audit)
{
    public async Task<SelfServiceSend> SendLinkAsync(PlatformUser user, string email, string? clientIp, PageText text, HttpRequest request,
        CancellationToken ct)
    {
        var owner = await users.FindByEmailAsync(email);
        EmailMessage? message = null;
        if (owner is null || owner.Id == user.Id)
        {
            var token = await users.GenerateChangeEmailTokenAsync(user, email);
            var link = mail.Link(request, Registrations.VerifyPath, ("user", user.Id), ("email", email), ("token", token));
            message = mail.Message(email, text.Format("mail.add.subject", mail.TenantName), text.Format("mail.add.body", mail.TenantName, link));
        }
        return await mail.SendAsync(email, clientIp, "user:" + user.Id, message, null, ct);
    }

    /// <summary>Sets the address of an add-email link as the user's confirmed email; the address, or null when the link does not work.</summary>
    public async Task<string?> ConfirmAsync(string? userId, string? email, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 100 || string.IsNullOrEmpty(email) || email.Length > 254
            || string.IsNullOrEmpty(token) || token.Length > 2000 || await users.FindByIdAsync(userId) is not { Disabled: false } user)
        {
            return null;
        }
        var before = user.Email;
        // Identity checks the token, the validators (the address still free in the tenant), sets it confirmed and renews the stamp.
        if (!(await users.ChangeEmailAsync(user, email, token)).Succeeded)
        {
            return null;
        }
        await registrations.ClearPendingAsync(user, ct);
        await audit.WriteAsync("user:" + user.Id, AuditActions.UserEmailAdded, "user:" + user.Id,
            new { email = EmailMask.Mask(email), before = before is null ? null : EmailMask.Mask(before) }, ct);
        return email;
    }
}
