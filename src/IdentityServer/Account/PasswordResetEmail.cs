using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace IdentityServer.Account;

/// <summary>
/// Emails a user a link to choose a new password: {issuer}/account/reset-password?user=&amp;token=
/// (SPEC 2's reset-password page). The token is ASP.NET Core Identity's password-reset token
/// (Data Protection, bound to the user's security stamp: it dies when the password changes, and
/// after Identity's token lifespan). It is stored nowhere; only the encrypted send queue and the
/// email carry it, and it is never logged.
/// </summary>
internal sealed class PasswordResetEmail(UserManager<PlatformUser> users, IEmailSender email, TenantContext tenant, TenantIssuer issuers)
{
    public const string ResetPath = "/account/reset-password";

    /// <summary>Queues the email; false when the user has no email address to send it to.</summary>
    public async Task<bool> SendAsync(PlatformUser user, HttpRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(user.Email))
        {
            return false;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = issuers.For(request, tenant.RequiredTenantId) + ResetPath
            + "?user=" + Uri.EscapeDataString(user.Id) + "&token=" + Uri.EscapeDataString(token);
        var name = tenant.Required.DisplayName;
        await email.SendAsync(new EmailMessage(user.Email, $"Choose a new password for your {name} account",
            $"An administrator of {name} asked for a link to set a new password on your account.\n\n" +
            $"Open this link to choose one:\n{link}\n\n" +
            "The link works once. If you did not expect this email, you can ignore it: your password stays as it is.",
            null, tenant.RequiredTenantId), ct);
        return true;
    }
}
