namespace IdentityServer.Admin.SignIn;

/// <summary>The names of a tenant's two schemes: its admin cookie and its OIDC sign-in.</summary>
internal static class TenantSchemes
{
    private const string CookiePrefix = "admin-cookie:";
    private const string OidcPrefix = "admin-oidc:";

    public static string Cookie(string tenant) => CookiePrefix + tenant;

    public static string Oidc(string tenant) => OidcPrefix + tenant;

    public static bool IsCookie(string? scheme, out string tenant) => TryStrip(scheme, CookiePrefix, out tenant);

    public static bool IsOidc(string? scheme, out string tenant) => TryStrip(scheme, OidcPrefix, out tenant);

    private static bool TryStrip(string? scheme, string prefix, out string tenant)
    {
        tenant = scheme is not null && scheme.StartsWith(prefix, StringComparison.Ordinal) ? scheme[prefix.Length..] : "";
        return tenant.Length > 0;
    }
}
