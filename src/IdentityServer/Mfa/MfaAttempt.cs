namespace IdentityServer.Mfa;

/// <summary>How <see cref="MfaLockout.BeginAsync"/> counted an attempt.</summary>
public enum MfaAttempt
{
    Counted,
    Locking,
    Refused,
}
