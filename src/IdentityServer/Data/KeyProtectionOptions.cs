namespace IdentityServer.Data;

/// <summary>
/// SPEC 8: how the Data Protection key ring (stored in the database next to the signing keys it
/// protects) is encrypted at rest: a certificate with its private key, from a PFX file or base64.
/// </summary>
internal sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>DataProtection__Certificate__*: the certificate that encrypts the key ring.</summary>
    public KeyProtectionCertificate Certificate { get; set; } = new();

    /// <summary>DataProtection__AllowUnprotectedKeys: lets Production run with the key ring in clear. Default false.</summary>
    public bool AllowUnprotectedKeys { get; set; }
}

internal sealed class KeyProtectionCertificate
{
    /// <summary>DataProtection__Certificate__Path: a PFX (PKCS#12) file, relative to the content root or absolute.</summary>
    public string? Path { get; set; }

    /// <summary>DataProtection__Certificate__Base64: the PFX itself, base64-encoded (instead of Path).</summary>
    public string? Base64 { get; set; }

    /// <summary>DataProtection__Certificate__Password: the PFX's password, if it has one.</summary>
    public string? Password { get; set; }

    /// <summary>Older certificates kept only to read keys they encrypted (after a certificate change): DataProtection__Certificate__PreviousPaths__0 ...</summary>
    public List<string> PreviousPaths { get; set; } = [];
}
