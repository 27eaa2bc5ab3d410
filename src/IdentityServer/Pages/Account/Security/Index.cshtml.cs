using System.Security.Claims;
using IdentityServer.Account;
using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Mfa;
using IdentityServer.SmsSignIn;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Pages.Account.Security;

/// <summary>
/// The account security page (SPEC 5/6): the signed-in user enrolls or removes TOTP, regenerates
/// recovery codes, and adds (U1: only after a non-SMS factor), verifies or removes a phone for SMS sign-in; a removal
/// needs a ticked confirmation and follows U3 (Mfa/FactorRemoval).
/// </summary>
internal sealed partial class IndexModel(UserManager<PlatformUser> users, TenantContext tenant, TotpSecrets secrets, RecoveryCodes recovery,
    PhoneVerification phones, SmsSignInPhone rules, AuditLog audit, TimeProvider time, PlatformDbContext db,
    Passkeys.PasskeyRegistration passkeys, IdentityServer.Account.SelfService.EmailAddresses addresses, SessionValidity sessions, PasswordSignIn passwords) : PageModel
{
    private const string PendingSecret = "security.totp";
    private const string PendingOtp = "security.otp";
    private const string ReplaceTotp = "You already have an authenticator app. Remove it first, then set up the new one.";
    private const string NotSaved = "Your account was changed elsewhere at the same time, so this change was not saved. Check the page and try again.";

    public PlatformUser Account { get; private set; } = null!;
    public IReadOnlySet<string> Factors { get; private set; } = new HashSet<string>();
    public bool SmsNeedsSecondFactor { get; private set; }
    public string? TotpSecret { get; private set; }
    public string? TotpQr { get; private set; }
    public bool AwaitingPhoneCode { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? PhoneNumber { get; set; }

    /// <summary>The ticked box of a removal form: removing a factor is never one click.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    private TenantSettings Settings { get; set; } = null!;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : ToLogin();

    public async Task<IActionResult> OnPostStartTotpAsync()
    {
        if (!await LoadAsync()) return ToLogin();
        if (Factors.Contains(MfaFactor.Totp))
        {
            Error = ReplaceTotp;
            return Page();
        }
        var secret = Totp.NewSecret();
        TempData[PendingSecret] = secrets.Protect(secret);
        ShowTotp(secret);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmTotpAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        // As in-flow enrollment (issue 12.4, Mfa/MfaVerifier): a set-up never replaces a confirmed authenticator, and
        // its recovery codes stay; a hand-made post (or a second tab) is refused until the old one is removed.
        if (Factors.Contains(MfaFactor.Totp))
        {
            TempData.Remove(PendingSecret);
            Error = ReplaceTotp;
            return Page();
        }
        if (TempData.Peek(PendingSecret) is not string pending)
        {
            Error = "Start the set-up again.";
            return Page();
        }
        var secret = secrets.Unprotect(pending);
        if (!TotpOffer.TryConfirm(Account, secret, pending, Code?.Trim(), time.GetUtcNow()))
        {
            ShowTotp(secret);
            Error = "That code did not work. Try the newest code from the app.";
            return Page();
        }
        TempData.Remove(PendingSecret);
        var codes = recovery.Regenerate(Account);
        if (!await SaveAsync("factor.totp_enrolled", ct))
        {
            return Page();
        }
        NewRecoveryCodes = codes;
        Message = "Your authenticator app is set up.";
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveTotpAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (!await RemoveAsync(MfaFactor.Totp, "factor.totp_removed", ct))
        {
            return Page();
        }
        // U3: without a non-SMS factor, SMS sign-in stops until one is enrolled again.
        Message = SmsNeedsSecondFactor && Account.PhoneNumberConfirmed && !Factors.Contains(MfaFactor.Email)
            ? "Authenticator removed. Sign-in by SMS is off for your account until you set up a second factor again."
            : "Authenticator removed.";
        return Page();
    }

    public async Task<IActionResult> OnPostRegenerateCodesAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (!Factors.Contains(MfaFactor.Totp))
        {
            Error = "Recovery codes come with an authenticator app.";
            return Page();
        }
        var regenerated = recovery.Regenerate(Account);
        if (await SaveAsync("factor.recovery_codes_regenerated", ct))
        {
            NewRecoveryCodes = regenerated;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAddPhoneAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        // Validity and U1 from their one home (SmsSignInPhone), as in the management API.
        var check = rules.Check(Account, PhoneNumber);
        if (check is not PhoneCheck.Accepted phone)
        {
            Error = check is PhoneCheck.Invalid invalid ? invalid.Error
                : "Set up an authenticator app first: a text message alone must never be enough to open your account.";
            return Page();
        }
        var (otpId, retryAfter) = await phones.SendAsync(Account, phone.E164, Actor, Tenancy.WebOtpHost.For(HttpContext), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (otpId is null)
        {
            Error = retryAfter is { } wait ? $"Too many codes were sent. Try again in {wait} seconds." : "We could not send the text message.";
            return Page();
        }
        TempData[PendingOtp] = otpId;
        AwaitingPhoneCode = true;
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyPhoneAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (!await phones.VerifyAsync(Account, TempData.Peek(PendingOtp) as string, Code?.Trim(), Actor, ct))
        {
            AwaitingPhoneCode = true;
            Error = SmsOtpGrant.InvalidCode;
            return Page();
        }
        TempData.Remove(PendingOtp);
        await LoadAsync();
        Message = "Your phone is verified: you can sign in with a text message.";
        return Page();
    }

    public async Task<IActionResult> OnPostToggleEmailAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (Account.EmailMfaEnabled)
        {
            if (await RemoveAsync(MfaFactor.Email, "factor.email_disabled", ct))
            {
                Message = "Codes by email are off.";
            }
            return Page();
        }
        if (!Account.EmailConfirmed || string.IsNullOrEmpty(Account.Email))
        {
            Error = "Codes by email need a verified email address.";
            return Page();
        }
        Account.EmailMfaEnabled = true;
        if (await SaveAsync("factor.email_enabled", ct))
        {
            Message = "Codes by email are on.";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRemovePhoneAsync(CancellationToken ct)
    {
        if (!await LoadAsync()) return ToLogin();
        if (await RemoveAsync(MfaFactor.Sms, AuditActions.PhoneRemoved, ct))
        {
            Message = "Phone removed.";
        }
        return Page();
    }

    /// <summary>Removes a factor when the box was ticked and U3 allows it (Mfa/FactorRemoval); otherwise says why not.</summary>
    private async Task<bool> RemoveAsync(string factor, string action, CancellationToken ct)
    {
        if (!FactorRemoval.Has(Account, factor))
        {
            // Removed already (another tab, a parallel post): nothing changes, nothing is audited.
            Error = FactorRemoval.NothingToRemove;
            return false;
        }
        if (FactorRemoval.Refusal(Account, factor, Settings) is { } refusal)
        {
            Error = refusal;
            return false;
        }
        if (!Confirm)
        {
            Error = "Tick the box to confirm the removal.";
            return false;
        }
        FactorRemoval.Remove(Account, factor);
        return await SaveAsync(action, ct);
    }

    /// <summary>Why <paramref name="factor"/> cannot be removed now (shown instead of its remove button), or null.</summary>
    public string? RemovalRefusal(string factor) => FactorRemoval.Refusal(Account, factor, Settings);

    private string Actor => AuditActor.Of(Account);

    private async Task<bool> LoadAsync()
    {
        var session = await HttpContext.AuthenticateAsync(SessionScheme.Name);
        var user = session.Succeeded ? await users.FindByIdAsync(session.Principal!.FindFirstValue(Claims.Subject)!) : null;
        if (user is null || user.Disabled)
        {
            return false;
        }
        Account = user;
        Factors = UserFactors.Of(user);
        Settings = tenant.Settings;
        SmsNeedsSecondFactor = Settings.SignIn.Sms.RequireSecondFactor;
        await LoadPasskeysAsync();
        return true;
    }

    /// <summary>
    /// Saves the account and audits the change; false (with <see cref="Error"/> set and the account shown as stored)
    /// when the save failed, e.g. another request changed the account meanwhile: no change is lost silently, none audited.
    /// </summary>
    private async Task<bool> SaveAsync(string action, CancellationToken ct)
    {
        var saved = await users.UpdateAsync(Account);
        if (!saved.Succeeded)
        {
            await db.Entry(Account).ReloadAsync(ct);
            Factors = UserFactors.Of(Account);
            Error = NotSaved;
            return false;
        }
        await audit.WriteAsync(Actor, action, "user:" + Account.Id, null, ct);
        Factors = UserFactors.Of(Account);
        return true;
    }

    private void ShowTotp(byte[] secret)
    {
        var offer = TotpOffer.For(secret, tenant.Required.DisplayName, Account);
        TotpSecret = offer.Secret;
        TotpQr = offer.QrDataUri();
    }

    private IActionResult ToLogin() =>
        Redirect($"{Request.PathBase}/account/login?ReturnUrl={Uri.EscapeDataString(Request.PathBase + "/account/security")}");
}
