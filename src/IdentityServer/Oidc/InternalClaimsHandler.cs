using IdentityServer.Protocol;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 3: no library-internal claims in access or identity tokens. OpenIddict copies its private
/// claims (oi_prst, oi_au_id, oi_tkn_id...) into the JWT it writes; by the time its token descriptor
/// is complete it has mapped those it needs to standard claims (aud, scope, iat, exp, client_id),
/// and it rebuilds presenters from client_id/azp when it reads a token back. The rest are dropped
/// just before the JWT is written; codes and refresh tokens, which only this server reads, keep them.
/// </summary>
internal sealed class InternalClaimsHandler : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Singleton<GenerateTokenContext, InternalClaimsHandler>(OpenIddictServerHandlers.Protection.GenerateIdentityModelToken.Descriptor.Order - 500);

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType is not (TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken)
            || context.SecurityTokenDescriptor is not { } descriptor)
        {
            return ValueTask.CompletedTask;
        }
        if (descriptor.Subject is { } subject)
        {
            foreach (var claim in subject.Claims.Where(c => Internal(c.Type)).ToList())
            {
                subject.RemoveClaim(claim);
            }
        }
        if (descriptor.Claims is { } claims)
        {
            foreach (var key in claims.Keys.Where(Internal).ToList())
            {
                claims.Remove(key);
            }
        }
        return ValueTask.CompletedTask;
    }

    private static bool Internal(string type) => type.StartsWith("oi_", StringComparison.Ordinal);
}
