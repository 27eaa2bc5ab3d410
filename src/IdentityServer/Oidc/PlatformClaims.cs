namespace IdentityServer.Oidc;

internal static class PlatformClaims
{
    public const string Tenant = "tenant";
    public const string Amr = "amr";
    public const string AuthTime = "auth_time";
    public const string Acr = "acr";
}
