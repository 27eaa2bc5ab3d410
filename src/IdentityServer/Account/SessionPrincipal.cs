using System.Security.Claims;
using IdentityServer.Data;
using IdentityServer.Oidc;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Account;

/// <summary>What the session cookie holds: the user, the tenant, how and when they signed in.</summary>
internal static class SessionPrincipal
{
    /// <summary>
    /// The session of <paramref name="user"/>, signed in at <paramref name="authTime"/> with <paramref name="amr"/>;
    /// <paramref name="openedAt"/> (default: the sign-in) is when this cookie was issued, which
    /// <see cref="SessionValidity"/> compares with the last password change.
    /// </summary>
    public static ClaimsPrincipal Create(PlatformUser user, IEnumerable<string> amr, DateTimeOffset authTime, DateTimeOffset? openedAt = null)
    {
        var identity = new ClaimsIdentity(SessionScheme.Name, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Id));
        identity.AddClaim(new Claim(PlatformClaims.Tenant, user.TenantId));
        identity.AddClaim(new Claim(Claims.Name, user.Email ?? user.PhoneNumber ?? user.Id));
        identity.AddClaim(new Claim(PlatformClaims.AuthTime, authTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("security_stamp", user.SecurityStamp ?? ""));
        identity.AddClaim(SessionValidity.SessionAt(openedAt ?? authTime));
        foreach (var method in amr)
        {
            identity.AddClaim(new Claim(PlatformClaims.Amr, method));
        }
        return new ClaimsPrincipal(identity);
    }

    public static DateTimeOffset AuthTime(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(PlatformClaims.AuthTime), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;

    public static IReadOnlyList<string> Amr(ClaimsPrincipal principal) =>
        principal.FindAll(PlatformClaims.Amr).Select(c => c.Value).ToList();
}
