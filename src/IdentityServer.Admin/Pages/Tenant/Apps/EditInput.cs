using IdentityServer.Admin.Management;

namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>Every editable field of a client (SPEC 7 client resource); the client id and type cannot change.</summary>
public sealed class EditInput
{
    public string? DisplayName { get; set; }

    public List<string> GrantTypes { get; set; } = [];

    /// <summary>One URI a line.</summary>
    public string RedirectUris { get; set; } = "";

    /// <summary>One URI a line.</summary>
    public string PostLogoutRedirectUris { get; set; } = "";

    /// <summary>Space-separated.</summary>
    public string Scopes { get; set; } = "";

    public bool ExplicitConsent { get; set; }

    public bool AccessTokenClaims { get; set; }

    /// <summary>RS256 or ES256 (ES256 only where the tenant has ES256 keys; the API says so otherwise).</summary>
    public string IdTokenSignedResponseAlg { get; set; } = "RS256";

    public static EditInput From(ClientView client) => new()
    {
        DisplayName = client.DisplayName,
        GrantTypes = client.GrantTypes,
        RedirectUris = string.Join('\n', client.RedirectUris),
        PostLogoutRedirectUris = string.Join('\n', client.PostLogoutRedirectUris ?? []),
        Scopes = string.Join(' ', client.Scopes),
        ExplicitConsent = client.Consent == "explicit",
        AccessTokenClaims = client.AccessTokenClaims ?? false,
        IdTokenSignedResponseAlg = client.IdTokenSignedResponseAlg ?? "RS256",
    };

    /// <summary>The whole client for PUT.</summary>
    public object ToRequest(ClientView current) => new
    {
        client_id = current.ClientId,
        display_name = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(),
        type = current.Type,
        grant_types = GrantTypes ?? [],
        redirect_uris = CreateInput.Lines(RedirectUris),
        post_logout_redirect_uris = CreateInput.Lines(PostLogoutRedirectUris),
        scopes = (Scopes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        consent = ExplicitConsent ? "explicit" : "implicit",
        access_token_claims = AccessTokenClaims,
        id_token_signed_response_alg = IdTokenSignedResponseAlg,
    };
}
