using IdentityServer.Data;
using IdentityServer.HotPath;
using IdentityServer.Protocol;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>
/// authorization_code and refresh_token: OpenIddict validated the code or token; the user is read
/// again, so a disabled or deleted user gets no new tokens. The new tokens carry fresh claims with
/// the scopes, amr and auth_time of the original sign-in.
/// </summary>
internal sealed class RedeemGrant(IHttpContextAccessor http, PlatformDbContext db, HotQueries queries) : ITokenGrant
{
    public async Task<GrantOutcome> HandleAsync(OpenIddictRequest request, CancellationToken ct)
    {
        var result = await http.HttpContext!.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var subject = result.Principal?.GetClaim(Claims.Subject);
        var user = subject is null ? null : await queries.UserById(db, subject, ct);
        if (user is null || user.Disabled)
        {
            return new GrantOutcome.Refused(Errors.InvalidGrant, "The token is no longer valid.");
        }
        var original = result.Principal!;
        var authTime = long.TryParse(original.GetClaim(PlatformClaims.AuthTime), out var t)
            ? DateTimeOffset.FromUnixTimeSeconds(t) : DateTimeOffset.MinValue;
        return new GrantOutcome.SignedIn(user, [.. original.GetScopes()], UserPrincipalFactory.ReadAmr(original), authTime)
        {
            Resources = [.. original.GetResources()],
            AuthorizationId = original.GetAuthorizationId(),
        };
    }
}
