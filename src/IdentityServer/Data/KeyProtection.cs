using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityServer.Data;

/// <summary>
/// SPEC 8: the Data Protection key ring lives in the database and is encrypted with the configured
/// certificate, so a copy of the database alone cannot unprotect the signing keys. Production
/// refuses to start without a certificate unless DataProtection__AllowUnprotectedKeys=true;
/// Development runs unprotected when none is set (its keys are throwaway).
/// </summary>
internal static class KeyProtection
{
    public static IServiceCollection AddPlatformDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        var options = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        var builder = services.AddDataProtection().SetApplicationName("identity-platform").PersistKeysToDbContext<PlatformDbContext>();
        string? error = null;
        try
        {
            if (Load(options.Certificate, env) is { } certificate)
            {
                builder.ProtectKeysWithCertificate(certificate);
                foreach (var previous in options.Certificate.PreviousPaths.Where(p => !string.IsNullOrWhiteSpace(p)))
                {
                    builder.UnprotectKeysWithAnyCertificate(LoadFile(Path.Combine(env.ContentRootPath, previous),
                        options.Certificate.Password, "DataProtection__Certificate__PreviousPaths"));
                }
            }
            else if (env.IsProduction() && !options.AllowUnprotectedKeys)
            {
                error = "DataProtection__Certificate__Path (or DataProtection__Certificate__Base64) is required in Production: " +
                    "the key ring that protects the signing keys is stored in the database and must be encrypted. " +
                    "Set DataProtection__AllowUnprotectedKeys=true to run without it.";
            }
        }
        catch (InvalidOperationException e)
        {
            error = e.Message;
        }
        // Reported with every other bad setting at start (PlatformInitializer validates before the database is touched).
        services.AddOptions<KeyProtectionOptions>().BindConfiguration(KeyProtectionOptions.Section)
            .Validate(_ => error is null, error ?? "").ValidateOnStart();
        return services;
    }

    private static X509Certificate2? Load(KeyProtectionCertificate settings, IHostEnvironment env)
    {
        if (!string.IsNullOrWhiteSpace(settings.Path))
        {
            return LoadFile(Path.Combine(env.ContentRootPath, settings.Path), settings.Password, "DataProtection__Certificate__Path");
        }
        if (string.IsNullOrWhiteSpace(settings.Base64))
        {
            return null;
        }
        byte[] pfx;
        try
        {
            pfx = Convert.FromBase64String(settings.Base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("DataProtection__Certificate__Base64 is not base64.");
        }
        return Checked(() => X509CertificateLoader.LoadPkcs12(pfx, settings.Password), "DataProtection__Certificate__Base64");
    }

    private static X509Certificate2 LoadFile(string path, string? password, string key)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{key}: the certificate file '{path}' does not exist.");
        }
        return Checked(() => X509CertificateLoader.LoadPkcs12FromFile(path, password), key);
    }

    private static X509Certificate2 Checked(Func<X509Certificate2> load, string key)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = load();
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{key}: the certificate could not be read as a PFX (wrong DataProtection__Certificate__Password?): {e.Message}");
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{key}: the certificate needs an RSA private key to encrypt and read the key ring.");
        }
        return certificate;
    }
}
