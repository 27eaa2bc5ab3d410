using IdentityServer.Data;

namespace IdentityServer.Tenancy;

/// <summary>The tenant of the current request (or of a background job that sets it); scoped.</summary>
public sealed class TenantContext
{
    public Tenant? Current { get; private set; }

    public string? TenantId => Current?.Id;

    public string RequiredTenantId =>
        Current?.Id ?? throw new InvalidOperationException("No tenant is set for this scope.");

    public void Set(Tenant tenant) => Current = tenant;
}
