using IdentityServer.Keys;
using IdentityServer.Protocol;
using IdentityServer.Tenancy;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 9: each token is signed with its tenant's active key. Access and identity tokens, read by
/// others with the tenant's JWKS, get the tenant's asymmetric key (ES256 for access tokens when the
/// tenant asks for it, for identity tokens when the client does too); refresh tokens and codes, read only by this server, get the current
/// server-wide HMAC key and are encrypted with the current AES key (one RSA signature less per refresh).
/// </summary>
internal sealed class TenantSigningCredentialsHandler(KeyRing ring, TenantContext tenant, IOpenIddictApplicationManager apps)
    : IOpenIddictServerHandler<OpenIddictServerEvents.GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<OpenIddictServerEvents.GenerateTokenContext, TenantSigningCredentialsHandler>(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1_000);

    public async ValueTask HandleAsync(OpenIddictServerEvents.GenerateTokenContext context)
    {
        var tenantId = tenant.RequiredTenantId;
        if (context.TokenType is TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken)
        {
            var algorithm = context.TokenType == TokenTypeIdentifiers.AccessToken
                ? TenantAlgorithms.AccessTokenAlgorithm(tenant.Required)
                : await TenantAlgorithms.IdentityTokenAlgorithmAsync(context.ClientId ?? context.Request?.ClientId, tenant.Required, apps, context.CancellationToken);
            var key = ring.SigningKey(tenantId, algorithm);
            if (key is null)
            {
                // A tenant created since this node's last reload: its first keys are made now.
                await ring.EnsureTenantAsync(tenantId, context.CancellationToken, algorithm);
                key = ring.SigningKey(tenantId, algorithm)
                    ?? throw new InvalidOperationException($"Tenant '{tenantId}' has no {algorithm} signing key.");
            }
            context.SigningCredentials = new SigningCredentials(key.Key, algorithm == SigningAlgorithms.Es256
                ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256);
            return;
        }
        context.SigningCredentials = new SigningCredentials(ring.Current(KeyUses.TokenMac), SecurityAlgorithms.HmacSha256);
        if (context.EncryptionCredentials is not null)
        {
            context.EncryptionCredentials = new EncryptingCredentials(ring.Current(KeyUses.Encryption),
                SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512);
        }
    }
}
