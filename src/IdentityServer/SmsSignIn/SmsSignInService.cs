using IdentityPlatform.Shared.Phones;
using IdentityServer.Account;
using IdentityServer.Audit;
using IdentityServer.CodeDelivery;
using IdentityServer.Data;
using IdentityServer.HotPath;
using IdentityServer.Messaging;
using IdentityServer.Mfa;
using IdentityServer.Operations;
using IdentityServer.Telemetry;
using IdentityServer.Tenancy;
using IdentityServer.Tenancy.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// SPEC 4.1: checks the tenant's switch, the phone and the limits, stores a new code and texts it
/// only when it can really be used. Known and unknown phones get the same answer.
/// </summary>
internal sealed partial class SmsSignInService(
    TenantContext tenant, UserManager<PlatformUser> users, UnitOfWork unit, HotQueries queries, PlatformDbContext db, OneTimeCodeStore store, CodeSender sender,
    OneTimeCodes codes, TestNumberGate testNumbers, SmsCircuit circuit, AuditLog audit, PlatformMetrics metrics, TimeProvider time,
    ILogger<SmsSignInService> logger)
{
    public async Task<SmsStartResult> StartAsync(SmsStartRequest request, CancellationToken ct)
    {
        if (circuit.RetryAfter is { } down)
        {
            // SPEC 4.1: while the provider's circuit is open every phone gets the same 503, known or
            // not, on every path that starts a sign-in (API, phone page, resend on the code page).
            metrics.SmsRefused("circuit_open", null);
            return SmsStartResult.Refused.Of(OAuthErrors.SmsNotSent, down);
        }
        var settings = tenant.Settings;
        var sms = settings.SignIn.Sms;
        var policy = settings.ToMfaPolicy();
        var actor = AuditActor.Client(request.ClientId);
        if (!MfaPolicyEngine.SmsSignInAvailable(policy))
        {
            await RefusedAsync(actor, null, "sms_disabled", ct);
            return SmsStartResult.Refused.Of(OAuthErrors.SmsSignInDisabled);
        }
        // Test numbers (often fictional ranges) are matched before the validity and country checks:
        // on the E.164 form of anything libphonenumber can read, valid or not. In Production only where allowed.
        var phone = PhoneNumberParser.Parse(request.PhoneNumber, settings.DefaultRegion, sms.AllowedCountries);
        var testNumber = testNumbers.Enabled ? sms.TestNumbers.FirstOrDefault(t => t.PhoneNumber == phone.Normalised) : null;
        if (phone.E164 is null && testNumber is null)
        {
            await RefusedAsync(actor, phone.Normalised, phone.Error == PhoneNumberParser.CountryNotAccepted ? "country_not_allowed" : "invalid_phone", ct);
            return new SmsStartResult.Refused(400, Errors.InvalidRequest, phone.Error!);
        }
        var e164 = testNumber?.PhoneNumber ?? phone.E164!;
        var ipHash = request.ClientIp is null ? null : codes.HashIp(request.ClientIp);

        var user = await queries.UserByVerifiedPhone(db, e164, ct);
        var unusable = Unusable(user, settings, policy);
        var now = time.GetUtcNow();
        var code = testNumber?.Code ?? OneTimeCodes.NewCode(sms.CodeLength);
        var row = new OneTimeCode
        {
            Id = OneTimeCodes.NewId(),
            ClientId = request.ClientId,
            Purpose = OneTimeCodePurpose.SignIn,
            PhoneNumber = e164,
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(sms.CodeLifetimeSeconds),
            MaxAttempts = sms.MaxAttempts,
            Usable = unusable is null,
            UserId = user?.Id,
            ClientIpHash = ipHash,
            Locale = Trim(request.Locale, 16),
            GivenName = Trim(request.GivenName, 100),
            FamilyName = Trim(request.FamilyName, 100),
        };
        // An SMS goes out only when the code can be used; test numbers never get one. Every start,
        // test numbers included (issue 12 point 9), passes the cooldown and the limits and is counted:
        // the code, its audit event and the counters are one write before the SMS leaves; the
        // provider's receipt finds the code by its otp_id (the message's reference).
        var texted = unusable is null && testNumber is null;
        var result = await sender.SendAsync(new CodeSend
        {
            Channel = CodeChannel.Sms,
            Recipient = e164,
            Limits = CodeSender.SmsLimits(sms),
            Counters = sender.SmsCounters(ipHash, null),
            Actor = actor,
            RefusedAction = AuditActions.SmsStartRefused,
            Row = row,
            Code = code,
            // TenantSettingsStore.Read fills DisplayName from the tenant.
            Message = texted
                ? new SmsMessage(e164, SmsText.Compose(request.Locale, settings.DisplayName!, code, sms.CodeLifetimeSeconds, request.Host), tenant.RequiredTenantId, row.Id)
                : null,
            Reserve = _ =>
            {
                if (texted)
                {
                    audit.Add(actor, AuditActions.SmsCodeSent, PhoneMask.Mask(e164), new { otp_id = row.Id });
                }
                else if (unusable is { } reason)
                {
                    metrics.SmsRefused(reason, e164);
                    audit.Add(actor, AuditActions.SmsStartRefused, PhoneMask.Mask(e164), new { reason, otp_id = row.Id });
                }
                return Task.FromResult(true);
            },
        }, ct);
        switch (result)
        {
            case CodeSendResult.Limited limited:
                LogLimited(logger, tenant.RequiredTenantId, PhoneMask.Mask(e164), limited.RetryAfter);
                return SmsStartResult.Refused.Of(OAuthErrors.TooManyCodesFor(limited.RetryAfter, limited.IsCooldown), limited.RetryAfter);
            case CodeSendResult.Undelivered:
                return SmsStartResult.Refused.Of(OAuthErrors.SmsNotSent, 30);
        }
        LogStarted(logger, tenant.RequiredTenantId, request.ClientId, PhoneMask.Mask(e164), texted);
        return new SmsStartResult.Started(row.Id, sms.CodeLifetimeSeconds, sms.ResendCooldownSeconds, code.Length);
    }

    /// <summary>A refusal before any code is stored, audited with its reason and the masked phone (issue 12 point 12).</summary>
    private Task RefusedAsync(string actor, string? phone, string reason, CancellationToken ct)
    {
        metrics.SmsRefused(reason, phone);
        return audit.WriteAsync(actor, AuditActions.SmsStartRefused, phone is null ? null : PhoneMask.Mask(phone), new { reason }, ct);
    }

    /// <summary>
    /// Redeems a code, signs the user up when the tenant allows it (only now, after the code is
    /// verified), and asks the policy engine what the sign-in still needs; the new user and the
    /// audit events are this call's own unit of work, committed once. Used by the pages.
    /// </summary>
    public async Task<SmsCompletion> CompleteAsync(string? otpId, string clientId, string? code, CancellationToken ct)
    {
        unit.Begin();
        var completion = await CompleteQueuedAsync(otpId, clientId, code, ct);
        return await unit.CommitAsync(ct) ? completion : SmsCompletion.Failed(Errors.InvalidGrant);
    }

    /// <summary>
    /// As <see cref="CompleteAsync"/> inside the caller's open unit of work (the sms-otp grant's):
    /// a new user and the audit events, of a failure as of a success, are queued for the caller's
    /// commit, so that the grant's tokens or MFA ticket are written with them in one write.
    /// </summary>
    public async Task<SmsCompletion> CompleteQueuedAsync(string? otpId, string clientId, string? code, CancellationToken ct)
    {
        if (!unit.IsOpen)
        {
            throw new InvalidOperationException("CompleteQueuedAsync runs inside the caller's unit of work.");
        }
        var settings = tenant.Settings;
        var policy = settings.ToMfaPolicy();
        if (!MfaPolicyEngine.SmsSignInAvailable(policy))
        {
            return SmsCompletion.Failed(Errors.AccessDenied);
        }
        var redeem = await store.RedeemAsync(otpId, clientId, code, OneTimeCodePurpose.SignIn, ct);
        if (redeem.Redeemed is not { } row)
        {
            LogFailed(logger, tenant.RequiredTenantId, clientId);
            if (redeem.Tried is { } tried)
            {
                await audit.WriteAsync("client:" + clientId, redeem.Exhausted ? AuditActions.SmsCodeLockedOut : AuditActions.SmsCodeFailed,
                    PhoneMask.Mask(tried.PhoneNumber), new { otp_id = tried.Id, attempts = tried.Attempts }, ct);
            }
            return SmsCompletion.Failed(Errors.InvalidGrant);
        }
        var user = await queries.UserByVerifiedPhone(db, row.PhoneNumber, ct);
        var created = false;
        if (user is null && settings.SignIn.Sms.SignUp)
        {
            // Through UserManager (validators, normalised name, security stamp); queued in the unit of work.
            user = NewUser(row, settings.SignIn.Sms.RequireSecondFactor);
            var signUp = await users.CreateAsync(user);
            if (!signUp.Succeeded)
            {
                LogSignUpRefused(logger, tenant.RequiredTenantId, string.Join(", ", signUp.Errors.Select(e => e.Code)));
                return SmsCompletion.Failed(Errors.InvalidGrant);
            }
            created = true;
        }
        if (user is null || user.Disabled)
        {
            return SmsCompletion.Failed(Errors.InvalidGrant);
        }
        LogVerified(logger, tenant.RequiredTenantId, clientId, PhoneMask.Mask(row.PhoneNumber), created);
        audit.Add("client:" + clientId, AuditActions.SmsCodeVerified, PhoneMask.Mask(row.PhoneNumber),
            new { otp_id = row.Id, user_id = user.Id, user_created = created });
        var decision = DecideSms(policy, user);
        metrics.MfaDecided(decision, FirstFactors.Sms);
        LogDecision(logger, tenant.RequiredTenantId, user.Id, decision.GetType().Name, decision.Rule);
        var decided = new { first_factor = FirstFactors.Sms, decision = decision.GetType().Name, rule = decision.Rule, client_id = clientId };
        audit.Add(AuditActor.Of(user), AuditActions.SignInDecision, "user:" + user.Id, decided);
        return new SmsCompletion(user, created, decision, null);
    }

    /// <summary>A user for a verified phone, not saved yet (only after the code was verified).</summary>
    private PlatformUser NewUser(OneTimeCode row, bool requireSecondFactor)
    {
        var user = new PlatformUser
        {
            PhoneNumber = row.PhoneNumber,
            PhoneNumberConfirmed = true,
            GivenName = row.GivenName,
            FamilyName = row.FamilyName,
            CreatedAt = time.GetUtcNow(),
            PendingTotpEnrollment = requireSecondFactor,
        };
        user.UserName = user.Id;
        return user;
    }

    // An existing user may use SMS unless the policy engine denies it (SPEC 6); an unknown phone only
    // when sign-up is on. Null when the code can be used, otherwise the audited reason.
    private static string? Unusable(PlatformUser? user, TenantSettings settings, MfaPolicy policy) => user switch
    {
        null => settings.SignIn.Sms.SignUp ? null : "unknown_user",
        { Disabled: true } => "user_disabled",
        _ => DecideSms(policy, user) is MfaDecision.Deny ? "policy_denied" : null,
    };

    /// <summary>What the policy engine asks of this user after SMS as the first factor.</summary>
    private static MfaDecision DecideSms(MfaPolicy policy, PlatformUser user) =>
        MfaPolicyEngine.Decide(policy, new SignInContext(UserFactors.Of(user), FirstFactors.Sms, user.PendingTotpEnrollment));

    private static string? Trim(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim()[..Math.Min(value.Trim().Length, max)];

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS code failed in {Tenant} for {ClientId}")]
    private static partial void LogFailed(ILogger logger, string tenant, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS sign-up refused by the user validators in {Tenant}: {Errors}")]
    private static partial void LogSignUpRefused(ILogger logger, string tenant, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS code verified in {Tenant} for {ClientId} ({Phone}, user created: {Created})")]
    private static partial void LogVerified(ILogger logger, string tenant, string clientId, string phone, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in decision in {Tenant} for {UserId}: {Decision} by rule {Rule}")]
    private static partial void LogDecision(ILogger logger, string tenant, string userId, string decision, string rule);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS code started in {Tenant} for {ClientId} to {Phone} (sent: {Sent})")]
    private static partial void LogStarted(ILogger logger, string tenant, string clientId, string phone, bool sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS code refused in {Tenant} for {Phone}: limit reached, retry after {Seconds}s")]
    private static partial void LogLimited(ILogger logger, string tenant, string phone, int seconds);
}
