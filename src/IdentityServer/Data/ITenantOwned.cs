namespace IdentityServer.Data;

/// <summary>An entity that belongs to exactly one tenant; filtered by it in every query.</summary>
public interface ITenantOwned
{
    string TenantId { get; set; }
}
