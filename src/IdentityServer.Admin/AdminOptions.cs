namespace IdentityServer.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Admin__ServerUrl, the identity server's public origin. Default: http://localhost:5000.</summary>
    public string ServerUrl { get; set; } = "http://localhost:5000";

    /// <summary>The server URL without a trailing slash.</summary>
    public string ServerBase => ServerUrl.TrimEnd('/');

    /// <summary>The issuer of a tenant: {ServerUrl}/t/{tenant}.</summary>
    public string IssuerOf(string tenant) => $"{ServerBase}/t/{tenant}";

    public static bool IsValidServerUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
