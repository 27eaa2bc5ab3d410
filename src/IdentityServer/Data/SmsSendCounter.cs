namespace IdentityServer.Data;

/// <summary>
/// How many codes a tenant, or one client IP of it, was sent in one 10-minute bucket. The per-IP
/// and per-tenant hourly limits read a handful of these rows instead of counting every code of the
/// last hour; they live in the database, so the limits hold across nodes.
/// </summary>
public sealed class SmsSendCounter : ITenantOwned
{
    public string TenantId { get; set; } = "";
    /// <summary><c>tenant</c>, or <c>ip:</c> and the keyed hash of a client IP.</summary>
    public string Key { get; set; } = "";
    /// <summary>Unix seconds divided by the bucket length.</summary>
    public long Bucket { get; set; }
    public int Count { get; set; }
}
