namespace IdentityServer.Data;

/// <summary>An entity that belongs to exactly one tenant; filtered by it in every query.</summary>
internal interface ITenantOwned
{
    string TenantId { get; set; }
}
