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
/// connect/revoke (RFC 7009) in place of OpenIddict's RevokeToken, which can revoke only tokens
/// with a row: codes and refresh tokens still are revoked through their row, and a stateless access
/// token goes on the jti deny-list until its expiry (one write per revocation, none per issuance).
/// </summary>
internal sealed class RevokeTokenHandler(IOpenIddictTokenManager tokens, PlatformDbContext db, TimeProvider time)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Replaced => OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        ServerHandler.Scoped<HandleRevocationRequestContext, RevokeTokenHandler>(Replaced.Order);

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        var principal = context.GenericTokenPrincipal!;
        var id = principal.GetTokenId();
        if (string.IsNullOrEmpty(id) && principal.HasTokenType(TokenTypeIdentifiers.AccessToken)
            && principal.GetClaim(Claims.JwtId) is { Length: > 0 } jti)
        {
            await DenyAsync(jti, principal.GetExpirationDate() ?? time.GetUtcNow().AddDays(1), context.CancellationToken);
            return;
        }
        if (string.IsNullOrEmpty(id))
        {
            context.Reject(OAuthErrors.CannotRevoke.Error, OAuthErrors.CannotRevoke.Description);
            return;
        }
        if (await tokens.FindByIdAsync(id, context.CancellationToken) is not { } token)
        {
            context.Reject(OAuthErrors.TokenNotValid.Error, OAuthErrors.TokenNotValid.Description);
            return;
        }
        if (!await tokens.TryRevokeAsync(token, context.CancellationToken))
        {
            context.Reject(OAuthErrors.CannotRevoke.Error, OAuthErrors.CannotRevoke.Description);
        }
    }

    private async Task DenyAsync(string jti, DateTimeOffset expiresAt, CancellationToken ct)
    {
        if (await db.RevokedAccessTokens.AnyAsync(t => t.Jti == jti, ct))
        {
            return;
        }
        var entry = db.RevokedAccessTokens.Add(new RevokedAccessToken { Jti = jti, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Revoked by a parallel request in between: the token is on the list all the same.
            entry.State = EntityState.Detached;
        }
    }
}
