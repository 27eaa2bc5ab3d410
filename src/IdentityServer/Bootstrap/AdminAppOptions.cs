namespace IdentityServer.Bootstrap;

/// <summary>Where the admin app (src/IdentityServer.Admin) answers; every tenant registers it as a client (SPEC 7).</summary>
internal sealed class AdminAppOptions
{
    public const string Section = "AdminApp";

    /// <summary>AdminApp__Url, the admin app's public base URL. Default: http://localhost:5001.</summary>
    public string Url { get; set; } = "http://localhost:5001";

    /// <summary>The URL without a trailing slash, for building the redirect URIs.</summary>
    public string BaseUrl => Url.TrimEnd('/');

    public static bool IsValidUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
