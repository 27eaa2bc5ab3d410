using System.Text.Json.Serialization;

namespace IdentityServer.Oidc;

/// <summary>The client resource of SPEC section 7 (snake_case on the wire).</summary>
internal sealed class ClientModel
{
    public string ClientId { get; set; } = "";
    public string? DisplayName { get; set; }
    public string Type { get; set; } = ClientTypes.Confidential;
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
    public List<string> GrantTypes { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
    public string Consent { get; set; } = ConsentTypes.Implicit;
    /// <summary>
    /// SPEC 3: whether access tokens carry the profile, email and phone claims of the granted scopes
    /// (for APIs that read them from the token). Off by default: userinfo and the id token have them.
    /// Left out of an update (e.g. by a client that does not know it), it keeps its value.
    /// </summary>
    public bool? AccessTokenClaims { get; set; }
    /// <summary>
    /// OIDC Dynamic Client Registration's <c>id_token_signed_response_alg</c>: RS256 (the default) or
    /// ES256, which the tenant offers only with <c>signing_keys.algorithm</c> ES256 (SPEC 9). Left out
    /// of an update, it keeps its value.
    /// </summary>
    public string? IdTokenSignedResponseAlg { get; set; }
    /// <summary>Read-only: in the 201 answer of a confidential client only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; set; }
}

internal static class ClientTypes
{
    public const string Public = "public";
    public const string Confidential = "confidential";
}

internal static class ConsentTypes
{
    public const string Implicit = "implicit";
    public const string Explicit = "explicit";
}
