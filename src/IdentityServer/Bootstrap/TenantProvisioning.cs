using IdentityServer.Management;

namespace IdentityServer.Bootstrap;

/// <summary>A new tenant created through the management API gets the admin app's client at once (SPEC 7).</summary>
internal sealed class TenantProvisioning(IServiceProvider services) : ITenantProvisioning
{
    public Task ProvisionAsync(string tenantId, CancellationToken ct) => AdminAppClient.EnsureAsync(services, tenantId, ct);
}
