using System.Text.RegularExpressions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>Checks a client before it is stored; each error names the field.</summary>
internal static partial class ClientModelRules
{
    public static readonly IReadOnlySet<string> KnownGrants = new HashSet<string>
    {
        GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials,
        PlatformGrants.SmsOtp, PlatformGrants.MfaOtp,
    };

    [GeneratedRegex("^[A-Za-z0-9._~-]{1,100}$")]
    private static partial Regex ClientIdPattern();

    // RFC 6749 scope-token characters.
    [GeneratedRegex(@"^[\x21\x23-\x5B\x5D-\x7E]{1,100}$")]
    private static partial Regex ScopePattern();

    public static Dictionary<string, string[]> Check(ClientModel c)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ClientIdPattern().IsMatch(c.ClientId ?? ""))
            errors["client_id"] = ["client_id is 1-100 characters of A-Z a-z 0-9 . _ ~ -."];
        if (c.DisplayName is { Length: > 200 })
            errors["display_name"] = ["display_name is at most 200 characters."];
        if (c.Type is not (ClientTypes.Public or ClientTypes.Confidential))
            errors["type"] = ["type is public or confidential."];
        if (c.Consent is not (ConsentTypes.Implicit or ConsentTypes.Explicit))
            errors["consent"] = ["consent is implicit or explicit."];
        var grants = c.GrantTypes ?? [];
        if (grants.Count == 0 || grants.Any(g => !KnownGrants.Contains(g ?? "")))
            errors["grant_types"] = ["grant_types are among authorization_code, refresh_token, client_credentials and the two custom grant URIs."];
        else if (c.Type == ClientTypes.Public && grants.Contains(GrantTypes.ClientCredentials))
            errors["grant_types"] = ["A public client cannot use client_credentials."];
        if ((c.Scopes ?? []).Any(s => !ScopePattern().IsMatch(s ?? "")))
            errors["scopes"] = ["A scope is 1-100 printable characters without spaces, quotes or backslashes."];
        if (!AllAbsolute(c.RedirectUris))
            errors["redirect_uris"] = ["Redirect URIs are absolute URIs without a fragment."];
        else if (grants.Contains(GrantTypes.AuthorizationCode) && (c.RedirectUris ?? []).Count == 0)
            errors["redirect_uris"] = ["authorization_code needs at least one redirect URI."];
        if (c.IdTokenSignedResponseAlg is not (null or Keys.SigningAlgorithms.Rs256 or Keys.SigningAlgorithms.Es256))
            errors["id_token_signed_response_alg"] = ["id_token_signed_response_alg is RS256 or ES256."];
        if (!AllAbsolute(c.PostLogoutRedirectUris))
            errors["post_logout_redirect_uris"] = ["Post-logout redirect URIs are absolute URIs without a fragment."];
        return errors;
    }

    private static bool AllAbsolute(List<string>? uris) =>
        (uris ?? []).All(u => u is { Length: <= 2000 }
            && Uri.TryCreate(u, UriKind.Absolute, out var uri)
            && string.IsNullOrEmpty(uri.Fragment)
            && uri.Scheme is not ("javascript" or "data" or "file"));
}
