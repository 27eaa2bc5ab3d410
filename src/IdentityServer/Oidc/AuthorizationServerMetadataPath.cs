namespace IdentityServer.Oidc;

/// <summary>
/// SPEC 3 (RFC 8414 3.1): the metadata of issuer <c>{origin}/t/{tenant}</c> is also served at
/// <c>/.well-known/oauth-authorization-server/t/{tenant}</c>, the path an RFC 8414 client builds
/// from the issuer. It is the tenant's discovery document, so the path is rewritten before the
/// tenant is resolved (an unknown tenant still answers 404).
/// </summary>
internal static class AuthorizationServerMetadataPath
{
    private static readonly PathString Prefix = "/.well-known/oauth-authorization-server";

    public static IApplicationBuilder UseAuthorizationServerMetadataPath(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            {
                if (http.Request.Path.StartsWithSegments(Prefix, out var issuerPath) && issuerPath.StartsWithSegments("/t")
                    && issuerPath.Value!.Count(c => c == '/') == 2)
                {
                    http.Request.Path = issuerPath.Add("/.well-known/openid-configuration");
                }
            }
            return next(http);
        });
}
