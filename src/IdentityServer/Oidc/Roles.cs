namespace IdentityServer.Oidc;

internal static class Roles
{
    public const string PlatformAdmin = "platform_admin";
    public const string TenantAdmin = "tenant_admin";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { PlatformAdmin, TenantAdmin };
}
