using IdentityServer.Protocol;
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
        ServerHandler.Singleton<OpenIddictServerEvents.GenerateTokenContext, StatelessAccessTokenHandler>(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500);

    public ValueTask HandleAsync(OpenIddictServerEvents.GenerateTokenContext context)
    {
        if (context.TokenType == OpenIddictConstants.TokenTypeIdentifiers.AccessToken)
        {
            context.CreateTokenEntry = false;
        }
        return ValueTask.CompletedTask;
    }
}
