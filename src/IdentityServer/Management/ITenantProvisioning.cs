namespace IdentityServer.Management;

/// <summary>
/// What a new tenant gets besides its row (SPEC 7: the admin app's client), implemented by Bootstrap,
/// so that the management API does not reach into start-up code.
/// </summary>
internal interface ITenantProvisioning
{
    /// <summary>The client that provisioning creates and owns in every tenant: the API refuses to change or delete it.</summary>
    const string ManagedClientId = "admin-app";

    Task ProvisionAsync(string tenantId, CancellationToken ct);
}
