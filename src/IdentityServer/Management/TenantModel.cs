using IdentityServer.Data;

namespace IdentityServer.Management;

/// <summary>tenant {slug, display_name, status, created_at r/o}</summary>
internal sealed record TenantModel(string Slug, string? DisplayName, string? Status, DateTimeOffset? CreatedAt)
{
    public static TenantModel From(Tenant t) =>
        new(t.Id, t.DisplayName, t.Status == TenantStatus.Active ? "active" : "disabled", t.CreatedAt);
}
