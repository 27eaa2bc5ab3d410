using System.Text.RegularExpressions;

namespace IdentityServer.Admin.SignIn;

/// <summary>The server's tenant slug rule (1-40 of a-z, 0-9 and inner hyphens), checked before any lookup.</summary>
internal static partial class TenantSlug
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    /// <summary>Reads /t/{tenant}[/rest] from a request path.</summary>
    public static bool TryRead(PathString path, out string tenant, out string rest)
    {
        tenant = rest = "";
        var value = path.Value ?? "";
        if (!value.StartsWith("/t/", StringComparison.Ordinal))
        {
            return false;
        }
        var tail = value[3..];
        var slash = tail.IndexOf('/');
        tenant = slash < 0 ? tail : tail[..slash];
        rest = slash < 0 ? "" : tail[(slash + 1)..];
        return true;
    }
}
