using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace IdentityServer.Oidc;

/// <summary>
/// OpenIddict wants credentials at start, but every tenant signs with its own keys, picked per token
/// by <see cref="TenantSigningCredentialsHandler"/> (OpenIddict's own choice among several RSA keys
/// without dates is not stable). The credentials given here are throwaway keys made in memory:
/// never published, never accepted, so a token that escaped the handler would be refused everywhere.
/// </summary>
internal sealed class KeyRingServerOptionsSetup : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        options.SigningCredentials.Add(new SigningCredentials(
            new RsaSecurityKey(RSA.Create(2048)) { KeyId = "unused" }, SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "unused" },
            SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
