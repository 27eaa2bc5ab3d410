using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 3: no library-internal claims in access or identity tokens. OpenIddict writes its private
/// claims (oi_au_id, oi_tkn_id, oi_prst...) into every JWT; it maps the few it needs to standard
/// claims itself (aud, scope, iat, exp, iss, typ) and rebuilds presenters from client_id/azp when
/// it reads a token back, so the rest are dropped just before the JWT is written.
/// </summary>
internal sealed class InternalClaimsHandler : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<InternalClaimsHandler>()
            .SetOrder(OpenIddictServerHandlers.Protection.GenerateIdentityModelToken.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        var access = context.TokenType == TokenTypeIdentifiers.AccessToken;
        if (!access && context.TokenType != TokenTypeIdentifiers.IdentityToken)
        {
            return ValueTask.CompletedTask;
        }
        foreach (var claim in context.Principal.Claims.Where(c => Dropped(c.Type, access)).ToList())
        {
            claim.Subject?.RemoveClaim(claim);
        }
        return ValueTask.CompletedTask;
    }

    // The private claims OpenIddict's JWT writer turns into standard ones stay until it runs.
    private static bool Dropped(string type, bool access) =>
        type.StartsWith("oi_", StringComparison.Ordinal) && type switch
        {
            Claims.Private.CreationDate or Claims.Private.ExpirationDate or Claims.Private.Issuer
                or Claims.Private.TokenType or Claims.Private.Audience => false,
            Claims.Private.Scope => !access,
            _ => true,
        };
}
