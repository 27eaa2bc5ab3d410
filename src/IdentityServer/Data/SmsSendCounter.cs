namespace IdentityServer.Data;

/// <summary>
/// How many codes a tenant, or one client IP, user or email address of it, was sent in one one-minute bucket. The per-IP
/// and per-tenant hourly limits read a handful of these rows instead of counting every code of the
/// last hour; they live in the database, so the limits hold across nodes.
/// </summary>
internal sealed class SmsSendCounter : ITenantOwned
{
    public string TenantId { get; set; } = "";
    /// <summary>
    /// <c>tenant</c>; <c>ip:</c>, <c>email-ip:</c> or <c>email:</c> and a keyed hash (client IP, email
    /// address); <c>user:</c> and a user id; or <c>lock</c> in bucket 0, the tenant's lock row (CodeSender).
    /// </summary>
    public string Key { get; set; } = "";
    /// <summary>Unix seconds divided by the bucket length.</summary>
    public long Bucket { get; set; }
    public int Count { get; set; }
}
