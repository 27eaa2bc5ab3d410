namespace IdentityServer.Admin.Management;

/// <summary>A client as the API shows it (SPEC 7); client_secret only in the answer that created it.</summary>
public sealed record ClientView(string ClientId, string? DisplayName, string Type, List<string> RedirectUris,
    List<string> GrantTypes, List<string> Scopes, string? ClientSecret,
    List<string>? PostLogoutRedirectUris = null, string? Consent = null, bool? AccessTokenClaims = null,
    string? IdTokenSignedResponseAlg = null);
