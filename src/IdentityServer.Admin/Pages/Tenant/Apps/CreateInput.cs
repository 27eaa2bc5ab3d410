namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>The form of a new client (SPEC 7 client resource).</summary>
public sealed class CreateInput
{
    public string ClientId { get; set; } = "";
    public string? DisplayName { get; set; }
    public string Type { get; set; } = "confidential";
    public List<string> GrantTypes { get; set; } = ["authorization_code", "refresh_token"];

    /// <summary>One URI a line.</summary>
    public string RedirectUris { get; set; } = "";

    /// <summary>One URI a line.</summary>
    public string PostLogoutRedirectUris { get; set; } = "";

    /// <summary>Space-separated.</summary>
    public string Scopes { get; set; } = "openid profile email offline_access";

    public bool ExplicitConsent { get; set; }

    public object ToRequest() => new
    {
        client_id = ClientId?.Trim() ?? "",
        display_name = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(),
        type = Type,
        grant_types = GrantTypes ?? [],
        redirect_uris = Lines(RedirectUris),
        post_logout_redirect_uris = Lines(PostLogoutRedirectUris),
        scopes = (Scopes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        consent = ExplicitConsent ? "explicit" : "implicit",
    };

    internal static string[] Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
