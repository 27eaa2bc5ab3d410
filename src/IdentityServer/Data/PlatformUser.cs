using Microsoft.AspNetCore.Identity;

namespace IdentityServer.Data;

internal sealed class PlatformUser : IdentityUser, ITenantOwned
{
    public string TenantId { get; set; } = "";
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    /// <summary>Space-separated role names (tenant_admin, platform_admin).</summary>
    public string Roles { get; set; } = "";
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Created by SMS sign-up with a required second factor: owes the TOTP enrollment (SPEC 6).</summary>
    public bool PendingTotpEnrollment { get; set; }
    /// <summary>The TOTP secret, protected with Data Protection; null when no authenticator is enrolled.</summary>
    public string? TotpSecretProtected { get; set; }
    /// <summary>The last 30-second step a TOTP code was accepted for: the same code is never taken twice.</summary>
    public long TotpLastStep { get; set; }
    /// <summary>Keyed hashes of the unused recovery codes, space-separated; each code works once.</summary>
    public string? RecoveryCodeHashes { get; set; }
    /// <summary>One-time codes to the verified email address as a second factor (opted in).</summary>
    public bool EmailMfaEnabled { get; set; }
    /// <summary>Consecutive failed second-factor attempts since the last success or lockout (SPEC 3); written only by MfaLockout.</summary>
    public int MfaFailedCount { get; set; }
    /// <summary>Lockouts since the last success: each one doubles the next lockout's length (SPEC 3); written only by MfaLockout.</summary>
    public int MfaLockoutCount { get; set; }
    /// <summary>The second factor is refused until then (SPEC 3); kept after it passes until a success or an unlock; written only by MfaLockout.</summary>
    public DateTimeOffset? MfaLockedUntil { get; set; }
    /// <summary>How many passkeys (rows of Passkeys) the user holds: the webauthn factor; kept with them in the same save.</summary>
    public int PasskeyCount { get; set; }

    public IReadOnlyList<string> RoleList =>
        Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
