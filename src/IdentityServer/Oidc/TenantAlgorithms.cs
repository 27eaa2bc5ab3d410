using System.Collections.Concurrent;
using IdentityServer.Data;
using IdentityServer.Keys;
using IdentityServer.Tenancy.Settings;
using OpenIddict.Abstractions;

namespace IdentityServer.Oidc;

/// <summary>Which algorithm signs a tenant's access tokens and identity tokens (SPEC 9: RS256 unless asked otherwise).</summary>
internal static class TenantAlgorithms
{
    // The settings document is parsed once per change of the tenant (its concurrency stamp), not per token.
    private static readonly ConcurrentDictionary<string, (string Stamp, string Algorithm)> Parsed = new();

    public static string AccessTokenAlgorithm(Tenant tenant)
    {
        if (Parsed.TryGetValue(tenant.Id, out var cached) && cached.Stamp == tenant.ConcurrencyStamp)
        {
            return cached.Algorithm;
        }
        var algorithm = TenantSettingsStore.Read(tenant).SigningKeys.Algorithm == SigningAlgorithms.Es256
            ? SigningAlgorithms.Es256 : SigningAlgorithms.Rs256;
        Parsed[tenant.Id] = (tenant.ConcurrencyStamp, algorithm);
        return algorithm;
    }

    /// <summary>
    /// OIDC Core 3.1.3.7: identity tokens are RS256 unless the client registered another
    /// id_token_signed_response_alg; ES256 only while the tenant offers it (signing_keys.algorithm
    /// ES256), RS256 again if the tenant stops offering it. The client is looked up only then.
    /// </summary>
    public static async ValueTask<string> IdentityTokenAlgorithmAsync(
        string? clientId, Tenant tenant, IOpenIddictApplicationManager apps, CancellationToken ct)
    {
        if (AccessTokenAlgorithm(tenant) != SigningAlgorithms.Es256 || string.IsNullOrEmpty(clientId)
            || await apps.FindByClientIdAsync(clientId, ct) is not { } app)
        {
            return SigningAlgorithms.Rs256;
        }
        return ClientDescriptorMapper.IdTokenAlgorithmOf(await apps.GetSettingsAsync(app, ct));
    }

    /// <summary>Discovery's id_token_signing_alg_values_supported: RS256, and ES256 while the tenant offers it.</summary>
    public static IEnumerable<string> IdentityTokenAlgorithms(Tenant tenant) =>
        AccessTokenAlgorithm(tenant) == SigningAlgorithms.Es256 ? SigningAlgorithms.All : [SigningAlgorithms.Rs256];
}
