using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace IdentityServer.Oidc;

/// <summary>
/// A client_credentials access token is a signed JWT that APIs validate on their own, so no
/// token row is written for it: the grant costs no database write. Such tokens expire rather
/// than being revocable (their lifetime is short); refresh tokens and codes keep their rows.
/// </summary>
internal sealed class StatelessClientCredentialsHandler : IOpenIddictServerHandler<OpenIddictServerEvents.GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.GenerateTokenContext>()
            .UseSingletonHandler<StatelessClientCredentialsHandler>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.GenerateTokenContext context)
    {
        if (context.Request?.IsClientCredentialsGrantType() == true
            && context.TokenType == OpenIddictConstants.TokenTypeIdentifiers.AccessToken)
        {
            context.CreateTokenEntry = false;
        }
        return ValueTask.CompletedTask;
    }
}
