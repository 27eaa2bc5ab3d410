using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace IdentityServer.HotPath;

/// <summary>
/// Access tokens are signed JWTs that APIs validate on their own, so no token row is written for
/// them: a client_credentials grant costs no database write, and a refresh or a sign-in one write
/// less. Access tokens expire (15 minutes) rather than being revocable; refresh tokens and codes
/// keep their rows, so revocation and reuse detection work on them.
/// </summary>
internal sealed class StatelessAccessTokenHandler : IOpenIddictServerHandler<OpenIddictServerEvents.GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.GenerateTokenContext>()
            .UseSingletonHandler<StatelessAccessTokenHandler>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.GenerateTokenContext context)
    {
        if (context.TokenType == OpenIddictConstants.TokenTypeIdentifiers.AccessToken)
        {
            context.CreateTokenEntry = false;
        }
        return ValueTask.CompletedTask;
    }
}
