using IdentityPlatform.Shared.Http;

namespace IdentityServer.Operations;

/// <summary>SPEC 8: the shared security headers with the server's CSP.</summary>
internal sealed class SecurityHeaders(RequestDelegate next, IHostEnvironment env)
    : SecurityHeadersMiddleware(next, env, ContentSecurityPolicy)
{
    /// <summary>
    /// The one inline script allowed, by its hash: OpenIddict's form_post page (response_mode=form_post)
    /// submits itself with <c>document.form.submit();</c>. No form-action directive: Chromium applies it
    /// to the redirects that follow a sign-in POST, which go to each client's own redirect URI.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI='; style-src 'self'; " +
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
}
