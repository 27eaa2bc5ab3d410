using System.Security.Cryptography;
using IdentityServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.Oidc;

/// <summary>
/// The keys that sign and encrypt tokens: generated once, stored in the database protected
/// by Data Protection (whose own key ring is in the same database), and loaded by every node,
/// so tokens survive restarts and any node validates any node's tokens.
/// </summary>
public sealed class KeyRing(IDataProtectionProvider protection, TimeProvider time)
{
    public const string SigningUse = "sig";
    /// <summary>AES-256 key wrapping codes and refresh tokens: only this server reads them, so a symmetric key does, at a fraction of RSA's cost.</summary>
    public const string EncryptionUse = "aes";
    public const string CodeHashUse = "otp";
    /// <summary>HMAC-SHA256 key signing the tokens only this server reads (refresh tokens, codes): never published.</summary>
    public const string TokenMacUse = "hs";

    /// <summary>The Data Protection purpose of the stored keys.</summary>
    public const string ProtectorPurpose = "IdentityServer.Oidc.KeyRing.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(ProtectorPurpose);

    public IReadOnlyList<RsaSecurityKey> SigningKeys { get; private set; } = [];
    public IReadOnlyList<SymmetricSecurityKey> EncryptionKeys { get; private set; } = [];
    public IReadOnlyList<SymmetricSecurityKey> TokenMacKeys { get; private set; } = [];

    /// <summary>The key of the keyed hash of one-time codes (SPEC 4.2), shared by every node.</summary>
    public byte[] CodeHashKey { get; private set; } = [];
    public bool IsLoaded { get; private set; }

    public async Task LoadAsync(PlatformDbContext db, CancellationToken ct)
    {
        var stored = await db.StoredKeys.AsNoTracking().ToListAsync(ct);
        var missing = new[] { SigningUse, EncryptionUse, CodeHashUse, TokenMacUse }.Where(use => stored.All(k => k.Use != use)).ToList();
        if (missing.Count > 0)
        {
            await CreateMissingAsync(db, missing, ct);
            stored = await db.StoredKeys.AsNoTracking().ToListAsync(ct);
        }
        // Newest first: the newest key signs, older ones stay published until their tokens expire.
        stored = stored.OrderByDescending(k => k.CreatedAt).ToList();
        SigningKeys = stored.Where(k => k.Use == SigningUse).Select(ToKey).ToList();
        EncryptionKeys = SecretsOf(stored, EncryptionUse);
        TokenMacKeys = SecretsOf(stored, TokenMacUse);
        CodeHashKey = Secret(stored.First(k => k.Use == CodeHashUse));
        IsLoaded = true;
    }

    private async Task CreateMissingAsync(PlatformDbContext db, List<string> uses, CancellationToken ct)
    {
        foreach (var use in uses)
        {
            db.StoredKeys.Add(use == SigningUse ? NewKey(use) : NewSecret(use));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node created the first keys at the same moment: use theirs.
            db.ChangeTracker.Clear();
        }
    }

    private StoredKey NewKey(string use)
    {
        using var rsa = RSA.Create(2048);
        return new StoredKey
        {
            // The first key of each use has a fixed id so that two nodes starting together collide.
            Id = use + "-1",
            Use = use,
            ProtectedPem = _protector.Protect(rsa.ExportPkcs8PrivateKeyPem()),
            CreatedAt = time.GetUtcNow(),
        };
    }

    private StoredKey NewSecret(string use) => new()
    {
        Id = use + "-1",
        Use = use,
        ProtectedPem = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        CreatedAt = time.GetUtcNow(),
    };

    private List<SymmetricSecurityKey> SecretsOf(IEnumerable<StoredKey> stored, string use) =>
        stored.Where(k => k.Use == use).Select(k => new SymmetricSecurityKey(Secret(k)) { KeyId = k.Id }).ToList();

    private byte[] Secret(StoredKey stored) => Convert.FromBase64String(_protector.Unprotect(stored.ProtectedPem));

    private RsaSecurityKey ToKey(StoredKey stored)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(_protector.Unprotect(stored.ProtectedPem));
        return new RsaSecurityKey(rsa) { KeyId = KeyIdOf(rsa) };
    }

    // A stable, public key id: the base64url SHA-256 of the public modulus.
    private static string KeyIdOf(RSA rsa) =>
        Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportParameters(false).Modulus!))[..16];
}
