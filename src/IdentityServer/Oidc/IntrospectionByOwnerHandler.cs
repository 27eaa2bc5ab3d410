using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 3: a client introspects only tokens issued to it (or naming it as their audience).
/// OpenIddict lets any client introspect a token that names no audience (every token of the
/// standard scopes); such a caller now gets {"active": false}.
/// </summary>
internal sealed class IntrospectionByOwnerHandler : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
            .UseSingletonHandler<IntrospectionByOwnerHandler>()
            .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
    {
        if (TokenOwner.IsForeign(context.GenericTokenPrincipal, context.ClientId))
        {
            // invalid_token is answered as {"active": false} (RFC 7662 2.2).
            context.Reject(Errors.InvalidToken, "The token was not issued to this client.");
        }
        return ValueTask.CompletedTask;
    }
}
