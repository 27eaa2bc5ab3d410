using IdentityServer.Operations;
using IdentityServer.Protocol;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// A client introspects and revokes only tokens issued to it (or naming it as their audience).
/// OpenIddict skips that check for a token that names no audience (every token of the standard
/// scopes); here another client's token is invalid_token: {"active": false} on introspection
/// (SPEC 3, RFC 7662 2.2), a 200 that revokes nothing on revocation (RFC 7009 2.1, 2.2).
/// </summary>
internal sealed class ForeignTokenHandler :
    IOpenIddictServerHandler<ValidateIntrospectionRequestContext>, IOpenIddictServerHandler<ValidateRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor IntrospectionDescriptor { get; } =
        ServerHandler.Singleton<ValidateIntrospectionRequestContext, ForeignTokenHandler>(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order + 500);

    public static OpenIddictServerHandlerDescriptor RevocationDescriptor { get; } =
        ServerHandler.Singleton<ValidateRevocationRequestContext, ForeignTokenHandler>(OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor.Order + 500);

    public ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
    {
        if (TokenOwner.IsForeign(context.GenericTokenPrincipal, context.ClientId))
        {
            context.Reject(OAuthErrors.NotIssuedToClient.Error, OAuthErrors.NotIssuedToClient.Description);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ValidateRevocationRequestContext context)
    {
        if (TokenOwner.IsForeign(context.GenericTokenPrincipal, context.ClientId))
        {
            context.Reject(OAuthErrors.NotIssuedToClient.Error, OAuthErrors.NotIssuedToClient.Description);
        }
        return ValueTask.CompletedTask;
    }
}
