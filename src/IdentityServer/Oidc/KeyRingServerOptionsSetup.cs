using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace IdentityServer.Oidc;

/// <summary>Hands the persisted keys to OpenIddict; the key ring is loaded at start-up, before the first request.</summary>
internal sealed class KeyRingServerOptionsSetup(KeyRing keys) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        if (!keys.IsLoaded)
        {
            throw new InvalidOperationException("The key ring must be loaded before the OpenIddict server options are built.");
        }
        foreach (var key in keys.SigningKeys)
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }
        // OpenIddict signs with symmetric keys first: refresh tokens and codes get the HMAC key,
        // AccessTokensSignedWithRsaHandler keeps access tokens on RSA (identity tokens always are).
        foreach (var key in keys.TokenMacKeys)
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        }
        foreach (var key in keys.EncryptionKeys)
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key,
                SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}
