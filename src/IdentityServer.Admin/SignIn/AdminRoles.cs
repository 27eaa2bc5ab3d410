using System.Security.Claims;

namespace IdentityServer.Admin.SignIn;

/// <summary>Who may run a tenant here (SPEC 7): its tenant_admins, and for tenant platform its platform_admins.</summary>
internal static class AdminRoles
{
    public const string TenantAdmin = "tenant_admin";
    public const string PlatformAdmin = "platform_admin";
    public const string PlatformTenant = "platform";

    /// <summary>The role that makes a user an administrator of this tenant.</summary>
    public static string AdminRoleOf(string tenant) => tenant == PlatformTenant ? PlatformAdmin : TenantAdmin;

    public static bool MayAdminister(ClaimsPrincipal user, string tenant)
    {
        var roles = user.FindAll("role").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        // The server's management API takes tenant_admin for any tenant but platform, where only platform_admin counts.
        return tenant == PlatformTenant ? roles.Contains(PlatformAdmin) : roles.Contains(TenantAdmin);
    }

    /// <summary>Who may run the tenants themselves (list, create, disable): platform admins, signed in to tenant platform.</summary>
    public static bool MayRunPlatform(ClaimsPrincipal user, string tenant) =>
        tenant == PlatformTenant && user.FindAll("role").Any(c => c.Value == PlatformAdmin);
}
