using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace IdentityServer.Oidc;

/// <summary>
/// The tokens only this server reads (refresh tokens, authorization codes) are signed with the key
/// ring's HMAC key, which OpenIddict puts first: one RSA signature less per refresh and per SMS
/// sign-in. Access tokens are read by APIs with the public keys of the JWKS, so they are signed
/// with the newest RSA key, like identity tokens (which OpenIddict already signs asymmetrically).
/// </summary>
internal sealed class AccessTokensSignedWithRsaHandler : IOpenIddictServerHandler<OpenIddictServerEvents.GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.GenerateTokenContext>()
            .UseSingletonHandler<AccessTokensSignedWithRsaHandler>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.GenerateTokenContext context)
    {
        if (context.TokenType == OpenIddictConstants.TokenTypeIdentifiers.AccessToken)
        {
            context.SigningCredentials = context.Options.SigningCredentials.First(c => c.Key is AsymmetricSecurityKey);
        }
        return ValueTask.CompletedTask;
    }
}
