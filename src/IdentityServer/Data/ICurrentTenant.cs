namespace IdentityServer.Data;

/// <summary>The tenant whose rows a context reads and stamps; Tenancy's tenant context implements it.</summary>
internal interface ICurrentTenant
{
    string? TenantId { get; }

    string RequiredTenantId { get; }
}
