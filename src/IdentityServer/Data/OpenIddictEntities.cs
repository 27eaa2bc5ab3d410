using OpenIddict.EntityFrameworkCore.Models;

namespace IdentityServer.Data;

// OpenIddict's entities, each stamped with the tenant that owns it.
internal sealed class TenantApplication
    : OpenIddictEntityFrameworkCoreApplication<string, TenantAuthorization, TenantToken>, ITenantOwned
{
    public string TenantId { get; set; } = "";

    /// <summary>A detached copy for read-only use (the token endpoint's client checks); never attached to a context.</summary>
    public TenantApplication Snapshot() => (TenantApplication)MemberwiseClone();
}

internal sealed class TenantAuthorization
    : OpenIddictEntityFrameworkCoreAuthorization<string, TenantApplication, TenantToken>, ITenantOwned
{
    public string TenantId { get; set; } = "";
}

internal sealed class TenantScope : OpenIddictEntityFrameworkCoreScope<string>, ITenantOwned
{
    public string TenantId { get; set; } = "";

    /// <summary>A detached copy for read-only use (the token endpoint's scope checks); never attached to a context.</summary>
    public TenantScope Snapshot() => (TenantScope)MemberwiseClone();
}

internal sealed class TenantToken
    : OpenIddictEntityFrameworkCoreToken<string, TenantApplication, TenantAuthorization>, ITenantOwned
{
    public string TenantId { get; set; } = "";
}
