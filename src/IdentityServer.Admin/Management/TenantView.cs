namespace IdentityServer.Admin.Management;

/// <summary>A tenant as the API shows it (SPEC 7).</summary>
public sealed record TenantView(string Slug, string? DisplayName, string Status, DateTimeOffset? CreatedAt);
