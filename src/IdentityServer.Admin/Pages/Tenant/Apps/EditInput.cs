using IdentityServer.Admin.Management;

namespace IdentityServer.Admin.Pages.Tenant.Apps;

/// <summary>The editable part of a client: redirect URIs, post-logout URIs and grants (SPEC 7 client resource).</summary>
public sealed class EditInput
{
    public List<string> GrantTypes { get; set; } = [];

    /// <summary>One URI a line.</summary>
    public string RedirectUris { get; set; } = "";

    /// <summary>One URI a line.</summary>
    public string PostLogoutRedirectUris { get; set; } = "";

    public static EditInput From(ClientView client) => new()
    {
        GrantTypes = client.GrantTypes,
        RedirectUris = string.Join('\n', client.RedirectUris),
        PostLogoutRedirectUris = string.Join('\n', client.PostLogoutRedirectUris ?? []),
    };

    /// <summary>The whole client for PUT: what the form does not edit is kept as the server has it.</summary>
    public object ToRequest(ClientView current) => new
    {
        client_id = current.ClientId,
        display_name = current.DisplayName,
        type = current.Type,
        grant_types = GrantTypes ?? [],
        redirect_uris = CreateInput.Lines(RedirectUris),
        post_logout_redirect_uris = CreateInput.Lines(PostLogoutRedirectUris),
        scopes = current.Scopes,
        consent = current.Consent ?? "implicit",
    };
}
