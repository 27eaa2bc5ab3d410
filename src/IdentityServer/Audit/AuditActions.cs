namespace IdentityServer.Audit;

/// <summary>The audit actions, one name per kind of event.</summary>
public static class AuditActions
{
    public const string SmsCodeSent = "sms.code_sent";
    public const string SmsCodeVerified = "sms.code_verified";
    public const string SmsCodeFailed = "sms.code_failed";
    public const string SmsCodeLockedOut = "sms.code_locked_out";
    /// <summary>The provider refused a code recorded as sent a moment before; the code was voided.</summary>
    public const string SmsDeliveryFailed = "sms.delivery_failed";
    /// <summary>An SMS start that sends nothing usable (limit, SMS off, bad phone, policy, unknown user): its reason, a masked phone.</summary>
    public const string SmsStartRefused = "sms.start_refused";
    /// <summary>A verification or MFA code not sent because of a limit: its reason, a masked recipient.</summary>
    public const string CodeSendRefused = "code.send_refused";
    public const string SignInDecision = "sign_in.decision";
    public const string SettingsChanged = "settings.changed";
    public const string SettingsRefused = "settings.refused";
    public const string TenantCreated = "tenant.created";
    public const string TenantUpdated = "tenant.updated";
    public const string ClientCreated = "client.created";
    public const string ClientUpdated = "client.updated";
    public const string ClientDeleted = "client.deleted";
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDeleted = "user.deleted";
    public const string UserMfaReset = "user.mfa_reset";
    public const string MfaSucceeded = "mfa.succeeded";
    public const string MfaFailed = "mfa.failed";
    public const string MfaEnrolled = "mfa.enrolled";
    /// <summary>SPEC 3: ten consecutive failed second-factor attempts locked the user's second factor.</summary>
    public const string MfaLocked = "mfa.locked";
    public const string UserMfaUnlocked = "user.mfa_unlocked";
    public const string PhoneVerified = "phone.verified";
    public const string PhoneSet = "phone.set";
    public const string PhoneRemoved = "phone.removed";
}
