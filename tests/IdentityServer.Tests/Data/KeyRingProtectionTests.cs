using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityServer.Data;
using IdentityServer.Oidc;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Data;

/// <summary>SPEC 8, issue 12 point 3: a copy of the database reveals no key.</summary>
public sealed class KeyRingProtectionTests
{
    private const string PfxPassword = "pfx-Passw0rd";

    [Fact]
    public async Task WithACertificate_TheStoredKeyRingHasNoMasterKeyInClear_AndACopyOfTheDatabaseAloneCannotReadTheSigningKeys()
    {
        await using var factory = new ServerFactory();
        var pfx = Path.Combine(factory.DataDirectory, "keyring.pfx");
        await File.WriteAllBytesAsync(pfx, NewCertificate().Export(X509ContentType.Pfx, PfxPassword));
        factory.Settings["DataProtection:Certificate:Path"] = pfx;
        factory.Settings["DataProtection:Certificate:Password"] = PfxPassword;
        // A token is signed: the key ring and the signing keys are in the database.
        var api = new Api(factory.CreateClient());
        await api.PlatformTokenAsync();

        var db = Path.Combine(factory.DataDirectory, "identity.db");
        var xml = await ScalarsAsync(db, "SELECT Xml FROM DataProtectionKeys");
        Assert.NotEmpty(xml);
        Assert.All(xml, key =>
        {
            Assert.Contains("<encryptedSecret", key);
            Assert.DoesNotContain("<masterKey", key);
        });

        // The copy an attacker would have: the database file, without the certificate.
        var copy = Path.Combine(factory.DataDirectory, "copy.db");
        SqliteConnection.ClearAllPools();
        File.Copy(db, copy);
        var signing = (await ScalarsAsync(copy, "SELECT ProtectedPem FROM StoredKeys WHERE Use = 'sig'")).First();
        Assert.ThrowsAny<CryptographicException>(() => ProtectorOver(copy, certificate: null).Unprotect(signing));
        // With the certificate the same copy opens: the failure above is the missing certificate, nothing else.
        var withCertificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, PfxPassword);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", ProtectorOver(copy, withCertificate).Unprotect(signing));
    }

    [Fact]
    public async Task Production_WithoutACertificate_RefusesToStart_NamingTheSetting()
    {
        await using var factory = ProductionFactory();
        var message = StartupFailure.Of(() => factory.CreateClient());
        Assert.Contains("DataProtection__Certificate__Path", message);
        Assert.Contains("DataProtection__AllowUnprotectedKeys", message);
    }

    [Fact]
    public async Task Production_WithUnprotectedKeysAllowed_Starts()
    {
        await using var factory = ProductionFactory();
        factory.Settings["DataProtection:AllowUnprotectedKeys"] = "true";
        using var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ACertificateThatCannotBeRead_StopsTheStart_NamingItsSetting()
    {
        await using var factory = new ServerFactory();
        var pfx = Path.Combine(factory.DataDirectory, "keyring.pfx");
        await File.WriteAllBytesAsync(pfx, NewCertificate().Export(X509ContentType.Pfx, PfxPassword));
        factory.Settings["DataProtection:Certificate:Path"] = pfx;
        factory.Settings["DataProtection:Certificate:Password"] = "wrong";
        Assert.Contains("DataProtection__Certificate__Path", StartupFailure.Of(() => factory.CreateClient()));
    }

    private static ServerFactory ProductionFactory()
    {
        var factory = new ServerFactory { Environment = "Production" };
        factory.Settings["Sms:AllowOutboxInProduction"] = "true";
        factory.Settings["Email:AllowOutboxInProduction"] = "true";
        factory.Settings["PublicOrigin:Url"] = "https://id.example.com";
        return factory;
    }

    private static X509Certificate2 NewCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=key ring tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A Data Protection provider as the server builds it, over the key ring of the database file.</summary>
    private static IDataProtector ProtectorOver(string database, X509Certificate2? certificate)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SqliteDbContext>(o => o.UseSqlite($"Data Source={database};Pooling=false"));
        services.AddScoped<PlatformDbContext>(sp => sp.GetRequiredService<SqliteDbContext>());
        var builder = services.AddDataProtection().SetApplicationName("identity-platform").PersistKeysToDbContext<PlatformDbContext>()
            .DisableAutomaticKeyGeneration();
        if (certificate is not null)
        {
            builder.UnprotectKeysWithAnyCertificate(certificate);
        }
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector(IdentityServer.Keys.KeyMaterial.ProtectorPurpose);
    }

    private static async Task<List<string>> ScalarsAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
