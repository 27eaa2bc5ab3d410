using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Oidc;

/// <summary>Maps the API's client shape to OpenIddict's permissions and back.</summary>
internal static class ClientDescriptorMapper
{
    public static OpenIddictApplicationDescriptor ToDescriptor(ClientModel model, string? secret)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = model.ClientId,
            ClientSecret = secret,
            ClientType = model.Type == Oidc.ClientTypes.Public ? OpenIddictConstants.ClientTypes.Public : OpenIddictConstants.ClientTypes.Confidential,
        };
        Apply(model, descriptor);
        return descriptor;
    }

    public static void Apply(ClientModel model, OpenIddictApplicationDescriptor d)
    {
        d.DisplayName = model.DisplayName ?? model.ClientId;
        d.ConsentType = model.Consent == Oidc.ConsentTypes.Explicit ? OpenIddictConstants.ConsentTypes.Explicit : OpenIddictConstants.ConsentTypes.Implicit;
        d.RedirectUris.Clear();
        d.PostLogoutRedirectUris.Clear();
        d.Permissions.Clear();
        d.Requirements.Clear();
        if (model.AccessTokenClaims is { } claims)
        {
            d.Settings.Remove(AccessTokenClaimsHandler.Setting);
            if (claims) d.Settings[AccessTokenClaimsHandler.Setting] = "true";
        }
        if (model.IdTokenSignedResponseAlg is { } alg)
        {
            // RS256 is the default: only another algorithm is stored.
            d.Settings.Remove(IdTokenAlgorithmSetting);
            if (alg != Keys.SigningAlgorithms.Rs256) d.Settings[IdTokenAlgorithmSetting] = alg;
        }
        foreach (var uri in model.RedirectUris.Distinct()) d.RedirectUris.Add(new Uri(uri));
        foreach (var uri in model.PostLogoutRedirectUris.Distinct()) d.PostLogoutRedirectUris.Add(new Uri(uri));

        var isPublic = d.ClientType == OpenIddictConstants.ClientTypes.Public;
        d.Permissions.Add(Permissions.Endpoints.Token);
        d.Permissions.Add(Permissions.Endpoints.Revocation);
        if (!isPublic) d.Permissions.Add(Permissions.Endpoints.Introspection);
        // An SMS sign-in may need a second factor (SPEC 4.3): the SMS grant brings the MFA grant with it.
        var grants = model.GrantTypes.Contains(PlatformGrants.SmsOtp) ? model.GrantTypes.Append(PlatformGrants.MfaOtp) : model.GrantTypes;
        foreach (var grant in grants.Distinct())
        {
            d.Permissions.Add(Permissions.Prefixes.GrantType + grant);
        }
        if (model.GrantTypes.Contains(GrantTypes.AuthorizationCode))
        {
            d.Permissions.Add(Permissions.Endpoints.Authorization);
            d.Permissions.Add(Permissions.Endpoints.EndSession);
            d.Permissions.Add(Permissions.ResponseTypes.Code);
        }
        foreach (var scope in model.Scopes.Distinct())
        {
            d.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        // SPEC 3: PKCE (S256) is required for public clients.
        if (isPublic) d.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
    }

    public static ClientModel ToModel(OpenIddictApplicationDescriptor d)
    {
        var scopes = d.Permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]).ToList();
        var grants = d.Permissions.Where(p => p.StartsWith(Permissions.Prefixes.GrantType, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.GrantType.Length..]).ToList();
        return new ClientModel
        {
            ClientId = d.ClientId ?? "",
            DisplayName = d.DisplayName,
            Type = d.ClientType == OpenIddictConstants.ClientTypes.Public ? Oidc.ClientTypes.Public : Oidc.ClientTypes.Confidential,
            RedirectUris = d.RedirectUris.Select(u => u.OriginalString).ToList(),
            PostLogoutRedirectUris = d.PostLogoutRedirectUris.Select(u => u.OriginalString).ToList(),
            GrantTypes = grants,
            Scopes = scopes,
            Consent = d.ConsentType == OpenIddictConstants.ConsentTypes.Explicit ? Oidc.ConsentTypes.Explicit : Oidc.ConsentTypes.Implicit,
            AccessTokenClaims = d.Settings.TryGetValue(AccessTokenClaimsHandler.Setting, out var claims) && claims == "true",
            IdTokenSignedResponseAlg = IdTokenAlgorithmOf(d.Settings),
        };
    }

    public static ClientModel Copy(ClientModel m) => new()
    {
        ClientId = m.ClientId,
        DisplayName = m.DisplayName ?? m.ClientId,
        Type = m.Type,
        RedirectUris = [.. m.RedirectUris],
        PostLogoutRedirectUris = [.. m.PostLogoutRedirectUris],
        GrantTypes = [.. m.GrantTypes],
        Scopes = [.. m.Scopes],
        Consent = m.Consent,
        AccessTokenClaims = m.AccessTokenClaims ?? false,
        IdTokenSignedResponseAlg = m.IdTokenSignedResponseAlg ?? Keys.SigningAlgorithms.Rs256,
    };

    /// <summary>The OpenIddict application setting behind the client's <c>id_token_signed_response_alg</c> (absent: RS256).</summary>
    public const string IdTokenAlgorithmSetting = "id_token_signed_response_alg";

    public static string IdTokenAlgorithmOf(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(IdTokenAlgorithmSetting, out var alg) && alg == Keys.SigningAlgorithms.Es256
            ? Keys.SigningAlgorithms.Es256 : Keys.SigningAlgorithms.Rs256;
}
