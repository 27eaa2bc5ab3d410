using System.Text.RegularExpressions;

namespace IdentityServer.Tenancy;

internal static partial class TenantSlug
{
    // SPEC 2: ^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);
}
