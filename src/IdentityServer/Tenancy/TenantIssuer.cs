namespace IdentityServer.Tenancy;

/// <summary>The issuer of a tenant: {origin}/t/{tenant}, no trailing slash, as OpenIddict derives it from the path base.</summary>
internal sealed class TenantIssuer
{
    public string For(HttpRequest request, string tenant) => $"{request.Scheme}://{request.Host.Value}/t/{tenant}";
}
