namespace IdentityServer.Audit;

/// <summary>The audit actions, one name per kind of event.</summary>
internal static class AuditActions
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
    /// <summary>A client got a new secret; the old one works until the grace period the admin chose ends.</summary>
    public const string ClientSecretRotated = "client.secret_rotated";
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDeleted = "user.deleted";
    public const string UserMfaReset = "user.mfa_reset";
    public const string UserRolesChanged = "user.roles_changed";
    /// <summary>An admin had a password-reset link emailed to the user.</summary>
    public const string UserPasswordResetSent = "user.password_reset_sent";
    /// <summary>Self-service (issue 15 point 5): a user asked for a reset link on the forgot-password page.</summary>
    public const string UserPasswordResetRequested = "user.password_reset_requested";
    /// <summary>A reset link was redeemed: the password was changed by its owner.</summary>
    public const string UserPasswordReset = "user.password_reset";
    public const string UserPasswordChanged = "user.password_changed";
    /// <summary>Self-service registration: the account waits for its email to be confirmed.</summary>
    public const string UserRegistered = "user.registered";
    public const string UserEmailVerified = "user.email_verified";
    /// <summary>A user added (or replaced) their email address by following the link sent to it.</summary>
    public const string UserEmailAdded = "user.email_added";
    public const string MfaSucceeded = "mfa.succeeded";
    public const string MfaFailed = "mfa.failed";
    public const string MfaEnrolled = "mfa.enrolled";
    /// <summary>SPEC 3: ten consecutive failed second-factor attempts locked the user's second factor.</summary>
    public const string MfaLocked = "mfa.locked";
    public const string UserMfaUnlocked = "user.mfa_unlocked";
    public const string PhoneVerified = "phone.verified";
    public const string PhoneSet = "phone.set";
    public const string PhoneRemoved = "phone.removed";
    public const string PasskeyEnrolled = "passkey.enrolled";
    public const string PasskeyUsed = "passkey.used";
    public const string PasskeyRemoved = "passkey.removed";
    /// <summary>An assertion whose signature counter did not move forward: a cloned authenticator; refused.</summary>
    public const string PasskeyCloneSuspected = "passkey.clone_suspected";
    /// <summary>SPEC 9: rotate-now through the API (scheduled rotations are not events of anyone).</summary>
    public const string KeysRotated = "keys.rotated";
    public const string KeyRevoked = "keys.revoked";
}
