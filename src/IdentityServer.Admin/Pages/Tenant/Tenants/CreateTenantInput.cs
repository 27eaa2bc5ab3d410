namespace IdentityServer.Admin.Pages.Tenant.Tenants;

/// <summary>The form of a new tenant (SPEC 7 tenant resource).</summary>
public sealed class CreateTenantInput
{
    public string? Slug { get; set; }

    public string? DisplayName { get; set; }

    public object ToRequest() => new
    {
        slug = Slug?.Trim() ?? "",
        display_name = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(),
    };
}
