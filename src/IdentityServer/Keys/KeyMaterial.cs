using System.Security.Cryptography;
using IdentityServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.Keys;

/// <summary>
/// Makes and reads key rows: private keys and secrets are stored protected with Data Protection
/// (whose own key ring is encrypted with the configured certificate), so a copy of the database
/// alone reveals no key.
/// </summary>
internal sealed class KeyMaterial(IDataProtectionProvider protection)
{
    /// <summary>The Data Protection purpose of the stored keys (unchanged since the first release).</summary>
    public const string ProtectorPurpose = "IdentityServer.Oidc.KeyRing.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(ProtectorPurpose);

    public StoredKey NewSigningKey(string tenantId, string algorithm, int generation, DateTimeOffset now, DateTimeOffset activatesAt)
    {
        string pem, kid;
        if (algorithm == SigningAlgorithms.Es256)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            pem = ec.ExportPkcs8PrivateKeyPem();
            var q = ec.ExportParameters(false).Q;
            kid = KidOf([.. q.X!, .. q.Y!]);
        }
        else
        {
            using var rsa = RSA.Create(2048);
            pem = rsa.ExportPkcs8PrivateKeyPem();
            kid = KidOf(rsa.ExportParameters(false).Modulus!);
        }
        return new StoredKey
        {
            Id = kid,
            TenantId = tenantId,
            Use = KeyUses.Signing,
            Algorithm = algorithm,
            Generation = generation,
            ProtectedPem = _protector.Protect(pem),
            CreatedAt = now,
            ActivatesAt = activatesAt,
        };
    }

    public StoredKey NewSecret(string use, int generation, DateTimeOffset now, DateTimeOffset activatesAt) => new()
    {
        // Generation 0 are the first release's keys ("hs-1"...): later ones are named apart.
        Id = $"{use}-g{generation}-{Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(6))}",
        Use = use,
        Generation = generation,
        CreatedAt = now,
        ActivatesAt = activatesAt,
        ProtectedPem = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
    };

    public SecurityKey Read(StoredKey row)
    {
        if (row.Use != KeyUses.Signing)
        {
            return new SymmetricSecurityKey(Convert.FromBase64String(_protector.Unprotect(row.ProtectedPem))) { KeyId = row.Id };
        }
        var pem = _protector.Unprotect(row.ProtectedPem);
        if (row.Algorithm == SigningAlgorithms.Es256)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec) { KeyId = row.Id };
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = row.Id };
    }

    // A stable, public key id: the base64url SHA-256 of the public key.
    private static string KidOf(byte[] publicKey) => Base64UrlEncoder.Encode(SHA256.HashData(publicKey))[..16];
}
