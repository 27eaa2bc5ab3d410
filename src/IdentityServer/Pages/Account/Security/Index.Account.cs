using IdentityServer.Account;
using IdentityServer.Account.SelfService;
using IdentityServer.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Pages.Account.Security;

/// <summary>
/// The password and the email address on the security page (issue 15 point 5): change the password (the
/// current one, then the new one twice; or set one once the account has a confirmed email), and add or confirm an
/// email address by a link sent to it (an SMS-only user gets a way to reset a password and email codes).
/// </summary>
internal sealed partial class IndexModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty]
    public string? NewEmail { get; set; }

    /// <summary>Whether the account may set a first password: it has a confirmed email and the tenant has password sign-in.</summary>
    public bool CanSetPassword => Account.PasswordHash is null && Account.EmailConfirmed && Account.Email is not null && Settings.SignIn.Password.Enabled;

    public async Task<IActionResult> OnPostChangePasswordAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (string.IsNullOrEmpty(NewPassword) || NewPassword != ConfirmPassword)
        {
            Error = "The two new passwords are not the same.";
            return Page();
        }
        IdentityResult changed;
        if (Account.PasswordHash is not null)
        {
            // The current password is checked as a sign-in is: a wrong one counts towards the lockout.
            changed = await passwords.CheckUserAsync(Account, CurrentPassword, ct)
                ? await users.ChangePasswordAsync(Account, CurrentPassword!, NewPassword)
                : IdentityResult.Failed(users.ErrorDescriber.PasswordMismatch());
        }
        else if (CanSetPassword)
        {
            changed = await users.AddPasswordAsync(Account, NewPassword);
        }
        else
        {
            Error = "Add and confirm an email address first: you sign in with it and your password.";
            return Page();
        }
        if (!changed.Succeeded)
        {
            Error = changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                ? "The current password is not right."
                : string.Join(" ", changed.Errors.Select(e => e.Description));
            await LoadAsync();
            return Page();
        }
        // Every other session and every refresh token ends (SessionValidity); this session is issued again, opened now.
        var revoked = await sessions.EndSessionsAsync(Account, ct);
        await HttpContext.SignInAsync(SessionScheme.Name,
            SessionPrincipal.Create(Account, SessionPrincipal.Amr(User), SessionPrincipal.AuthTime(User), time.GetUtcNow()));
        await audit.WriteAsync(Actor, AuditActions.UserPasswordChanged, Actor, new { other_sessions_ended = true, tokens_revoked = revoked }, ct);
        Message = "Your password is changed. You are signed out everywhere else.";
        return Page();
    }

    public async Task<IActionResult> OnPostAddEmailAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (SelfServiceMail.ValidAddress(NewEmail) is not { } email)
        {
            Error = "Enter a valid email address.";
            return Page();
        }
        var text = PageText.For(Request.Headers.AcceptLanguage.ToString());
        if (await addresses.SendLinkAsync(Account, email, HttpContext.Connection.RemoteIpAddress?.ToString(), text, Request, ct)
            is SelfServiceSend.Limited limited)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Error = $"Too many emails were requested. Try again in {Math.Max(1, (limited.RetryAfter + 59) / 60)} minutes.";
            return Page();
        }
        Message = $"We sent a link to {email}. Follow it to add the address to your account.";
        return Page();
    }
}
