using System.Security.Claims;
using OpenIddict.Abstractions;

namespace IdentityServer.Oidc;

/// <summary>SPEC 3 / RFC 7009 2.1: who may introspect or revoke a token: the client it was issued to, or one it names as audience.</summary>
internal static class TokenOwner
{
    public static bool IsForeign(ClaimsPrincipal? principal, string? clientId) =>
        principal is not null && clientId is { Length: > 0 } && !principal.HasPresenter(clientId) && !principal.HasAudience(clientId);
}
