namespace IdentityServer.Data;

internal sealed class Tenant
{
    public const string Platform = "platform";

    /// <summary>The slug; immutable, used as the tenant id in every owned row.</summary>
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public TenantStatus Status { get; set; } = TenantStatus.Active;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The settings document of SPEC section 6, as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";
    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");
}

internal enum TenantStatus
{
    Active,
    Disabled,
}
