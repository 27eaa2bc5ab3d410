using IdentityServer.Keys;
using IdentityServer.Protocol;
using IdentityServer.Tenancy;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 9: a token is accepted only with its tenant's published keys (next, active, previous) and
/// the server's symmetric keys still in use; a revoked or retired key's tokens are refused (at
/// introspection, userinfo, refresh, end session...).
/// </summary>
internal sealed class TenantValidationKeysHandler(KeyRing ring, TenantContext tenant)
    : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<OpenIddictServerEvents.ValidateTokenContext, TenantValidationKeysHandler>(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1_000);

    public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenContext context)
    {
        // Client assertions are checked with the client's own keys, not ours.
        if (context.ValidTokenTypes.Count == 1 && context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion)
            || context.TokenValidationParameters is not { } parameters)
        {
            return;
        }
        await ring.ReloadIfUnknownAsync(KidOf(context.Token), context.CancellationToken);
        var tenantId = tenant.RequiredTenantId;
        parameters.IssuerSigningKeys = [
            .. ring.Published(tenantId).Select(k => k.Key!),
            .. ring.Accepted(KeyUses.TokenMac),
        ];
        parameters.TokenDecryptionKeys = [.. ring.Accepted(KeyUses.Encryption)];
    }

    private static string? KidOf(string? token)
    {
        try
        {
            return token is { Length: > 0 } ? new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Kid : null;
        }
        catch (ArgumentException)
        {
            // Not a JWT: OpenIddict refuses it next.
            return null;
        }
    }
}
