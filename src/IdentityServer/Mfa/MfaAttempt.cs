namespace IdentityServer.Mfa;

/// <summary>How <see cref="MfaLockout.BeginAsync"/> counted an attempt.</summary>
internal enum MfaAttempt
{
    Counted,
    Locking,
    Refused,
}
