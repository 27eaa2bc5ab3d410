using IdentityServer.HotPath;
using IdentityServer.Protocol;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// A refresh token gives one token set, even to parallel requests: OpenIddict ignores a failed
/// redemption of a refresh token (a concurrency conflict), so without this handler each of several
/// parallel refreshes could get tokens. Without the hot path the redemption is tried first here and
/// a lost race is refused; on the hot path the grant's one commit (HotPath/OneWriteSignInHandler)
/// writes the redemption with a concurrency check and refuses the loser.
/// </summary>
internal sealed class SingleUseRefreshTokenHandler(IOpenIddictTokenManager tokens, IOptions<HotPathOptions> hotPath)
    : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<ProcessSignInContext, SingleUseRefreshTokenHandler>(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor.Order - 500);

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        // The presented refresh token, as OpenIddict's own redemption finds it (the new one is not made yet).
        var presented = context.Transaction.GetProperty<ProcessAuthenticationContext>(typeof(ProcessAuthenticationContext).FullName!);
        if (hotPath.Value.Enabled || context.EndpointType != OpenIddictServerEndpointType.Token || context.Request?.IsRefreshTokenGrantType() != true
            || presented?.RefreshTokenPrincipal?.GetTokenId() is not { Length: > 0 } id
            || await tokens.FindByIdAsync(id, context.CancellationToken) is not { } token)
        {
            return;
        }
        if (!await tokens.TryRedeemAsync(token, context.CancellationToken))
        {
            context.Reject(Errors.InvalidGrant, "The specified refresh token has already been redeemed.");
        }
    }
}
