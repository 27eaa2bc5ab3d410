using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// RFC 7009 2.1: the server verifies that the token was issued to the client that revokes it.
/// OpenIddict skips that check for a token that names no audience; here another client's token is
/// treated as invalid (a 200 that revokes nothing, RFC 7009 2.2).
/// </summary>
internal sealed class RevocationByOwnerHandler : IOpenIddictServerHandler<ValidateRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateRevocationRequestContext>()
            .UseSingletonHandler<RevocationByOwnerHandler>()
            .SetOrder(OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateRevocationRequestContext context)
    {
        if (TokenOwner.IsForeign(context.GenericTokenPrincipal, context.ClientId))
        {
            context.Reject(Errors.InvalidToken, "The token was not issued to this client.");
        }
        return ValueTask.CompletedTask;
    }
}
