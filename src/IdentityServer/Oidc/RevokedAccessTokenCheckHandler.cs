using IdentityServer.Data;
using IdentityServer.Operations;
using IdentityServer.Protocol;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 3: userinfo and introspection honour an access token's revocation at once. One lookup by
/// primary key, and only at those two endpoints: the token endpoint never reads the deny-list.
/// </summary>
internal sealed class RevokedAccessTokenCheckHandler(PlatformDbContext db) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<ValidateTokenContext, RevokedAccessTokenCheckHandler>(OpenIddictServerHandlers.Protection.ValidateExpirationDate.Descriptor.Order + 500);

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.EndpointType is not (OpenIddictServerEndpointType.UserInfo or OpenIddictServerEndpointType.Introspection)
            || context.Principal is not { } principal || !principal.HasTokenType(TokenTypeIdentifiers.AccessToken)
            || principal.GetClaim(Claims.JwtId) is not { Length: > 0 } jti)
        {
            return;
        }
        if (await db.RevokedAccessTokens.AnyAsync(t => t.Jti == jti, context.CancellationToken))
        {
            context.Reject(OAuthErrors.AccessTokenRevoked.Error, OAuthErrors.AccessTokenRevoked.Description);
        }
    }
}
