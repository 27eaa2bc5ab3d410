using Microsoft.AspNetCore.DataProtection;

namespace IdentityServer.Mfa;

/// <summary>TOTP secrets at rest: protected with Data Protection, whose key ring every node shares.</summary>
internal sealed class TotpSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("IdentityServer.Mfa.Totp.v1");

    public string Protect(byte[] secret) => _protector.Protect(Convert.ToBase64String(secret));

    public byte[] Unprotect(string protectedSecret) => Convert.FromBase64String(_protector.Unprotect(protectedSecret));
}
