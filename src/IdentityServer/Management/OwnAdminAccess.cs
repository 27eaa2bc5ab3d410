using IdentityServer.Oidc;

namespace IdentityServer.Management;

/// <summary>
/// An admin never takes away their own way into the admin app by mistake: removing their own admin
/// role (tenant_admin; platform_admin in tenant platform), disabling or deleting themselves is refused
/// with 409 and the reason; another admin can do it. Every user path that changes roles, status or
/// existence asks this type.
/// </summary>
internal static class OwnAdminAccess
{
    public static string AdminRoleOf(string tenant) => tenant == Data.Tenant.Platform ? Roles.PlatformAdmin : Roles.TenantAdmin;

    public static string? RolesRefusal(ManagementCaller? caller, string tenant, string userId, IEnumerable<string>? roles) =>
        IsSelf(caller, tenant, userId) && roles is not null && !roles.Contains(AdminRoleOf(tenant))
            ? $"You cannot remove your own {AdminRoleOf(tenant)} role: you would lose access to this admin app. Ask another administrator of this tenant."
            : null;

    public static string? DisableRefusal(ManagementCaller? caller, string tenant, string userId, string? status) =>
        IsSelf(caller, tenant, userId) && status == "disabled"
            ? "You cannot disable your own account: you would lose access to this admin app. Ask another administrator of this tenant."
            : null;

    public static string? DeleteRefusal(ManagementCaller? caller, string tenant, string userId) =>
        IsSelf(caller, tenant, userId)
            ? "You cannot delete your own account here: you would lose access to this admin app. Ask another administrator of this tenant."
            : null;

    // The caller is this very user of this tenant (a platform admin elsewhere, or a client, is never "self").
    private static bool IsSelf(ManagementCaller? caller, string tenant, string userId) =>
        caller is { IsUser: true } && caller.Tenant == tenant && caller.Subject == userId;
}
