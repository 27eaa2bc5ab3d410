using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

internal static class PlatformScopes
{
    /// <summary>The management API scope of SPEC section 7.</summary>
    public const string IdpAdmin = "idp_admin";

    /// <summary>Scopes every tenant knows; other (API) scopes are stored per tenant.</summary>
    public static readonly IReadOnlySet<string> Standard = new HashSet<string>
    {
        Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.OfflineAccess, Scopes.Roles, IdpAdmin,
    };
}
