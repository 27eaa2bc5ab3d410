using IdentityPlatform.Shared.Http;

namespace IdentityServer.Admin;

/// <summary>SPEC 8: the shared security headers with the admin app's CSP (no inline script; scripts and styles come from wwwroot).</summary>
public sealed class SecurityHeaders(RequestDelegate next, IHostEnvironment env)
    : SecurityHeadersMiddleware(next, env, ContentSecurityPolicy)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
}
