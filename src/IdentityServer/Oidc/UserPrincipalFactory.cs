using System.Security.Claims;
using System.Text.Json;
using IdentityServer.Data;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>Builds the token principal of a user: identity claims, then a destination per claim by scope.</summary>
internal static class UserPrincipalFactory
{
    public static ClaimsPrincipal Create(PlatformUser user, IEnumerable<string> scopes, IEnumerable<string> amr, DateTimeOffset authTime)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(PlatformClaims.Tenant, user.TenantId)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.Email is null ? null : user.EmailConfirmed)
            .SetClaim(Claims.PhoneNumber, user.PhoneNumber)
            .SetClaim(Claims.PhoneNumberVerified, user.PhoneNumber is null ? null : user.PhoneNumberConfirmed)
            .SetClaim(Claims.GivenName, user.GivenName)
            .SetClaim(Claims.FamilyName, user.FamilyName)
            .SetClaim(Claims.Name, DisplayName(user))
            .SetClaim(Claims.PreferredUsername, user.Email ?? user.PhoneNumber)
            .SetClaim(PlatformClaims.AuthTime, authTime.ToUnixTimeSeconds());
        identity.SetClaims(Claims.Role, [.. user.RoleList]);
        // amr is a JSON array even with one method (RFC 8176).
        var methods = amr.ToArray();
        identity.AddClaim(new Claim(PlatformClaims.Amr, JsonSerializer.Serialize(methods), "JSON_ARRAY"));
        identity.SetClaim(PlatformClaims.Acr, methods.Contains("mfa") ? AcrValues.MultiFactor : AcrValues.SingleFactor);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetDestinations(DestinationsOf);
        return principal;
    }

    public static IEnumerable<string> DestinationsOf(Claim claim)
    {
        var p = claim.Subject!;
        switch (claim.Type)
        {
            // SPEC 3: identity claims follow the granted scopes; in the access token only where the
            // client also asks for them (AccessTokenClaimsHandler).
            case Claims.Name or Claims.GivenName or Claims.FamilyName or Claims.PreferredUsername
                or Claims.Email or Claims.EmailVerified or Claims.PhoneNumber or Claims.PhoneNumberVerified:
                if (p.HasScope(AccessTokenClaimsHandler.ScopeOf(claim.Type)!))
                {
                    yield return Destinations.AccessToken;
                    yield return Destinations.IdentityToken;
                }
                yield break;
            case Claims.Role:
                yield return Destinations.AccessToken;
                if (p.HasScope(Scopes.Roles)) yield return Destinations.IdentityToken;
                yield break;
            case PlatformClaims.Amr or PlatformClaims.AuthTime or PlatformClaims.Acr:
                yield return Destinations.AccessToken;
                yield return Destinations.IdentityToken;
                yield break;
            case PlatformClaims.Tenant:
                yield return Destinations.AccessToken;
                yield break;
            // The security stamp and internal claims never leave the server.
            case "AspNet.Identity.SecurityStamp":
                yield break;
            default:
                yield return Destinations.AccessToken;
                yield break;
        }
    }

    /// <summary>The amr values of a token principal, whether stored as one JSON array or as one claim per value.</summary>
    public static IReadOnlyList<string> ReadAmr(ClaimsPrincipal principal) =>
        principal.FindAll(PlatformClaims.Amr)
            .SelectMany(c => c.Value.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(c.Value) ?? [] : [c.Value])
            .Distinct().ToList();

    private static string? DisplayName(PlatformUser user)
    {
        var name = $"{user.GivenName} {user.FamilyName}".Trim();
        return name.Length > 0 ? name : null;
    }
}
