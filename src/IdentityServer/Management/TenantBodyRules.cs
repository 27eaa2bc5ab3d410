using IdentityServer.Tenancy;

namespace IdentityServer.Management;

/// <summary>The tenant body's rules (SPEC 7) for POST and PATCH of tenants.</summary>
internal sealed class TenantBodyRules : IBodyRules<TenantModel>
{
    public ValueTask<Dictionary<string, string[]>> CheckAsync(TenantModel body, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var slug = http.Request.RouteValues["slug"] as string;
        if (slug is null && !TenantSlug.IsValid(body.Slug))
            errors["slug"] = ["slug is 1-40 characters of a-z, 0-9 and inner hyphens."];
        if (body.DisplayName is { Length: > 200 })
            errors["display_name"] = ["display_name is at most 200 characters."];
        if (body.Status is not (null or "active" or "disabled"))
            errors["status"] = ["status is active or disabled."];
        // "platform cannot be disabled" is the endpoint's: POST .../disable has no body.
        return ValueTask.FromResult(errors);
    }
}
