namespace IdentityServer.Operations;

/// <summary>
/// SPEC 8: every response carries a CSP without inline script, framing refused, nosniff, a referrer
/// policy and, outside Development over HTTPS, HSTS. Set when the response starts, so error and
/// static-file responses carry them too; a header an endpoint set itself is left alone.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IHostEnvironment env)
{
    /// <summary>
    /// The one inline script allowed, by its hash: OpenIddict's form_post page (response_mode=form_post)
    /// submits itself with <c>document.form.submit();</c>. No form-action directive: Chromium applies it
    /// to the redirects that follow a sign-in POST, which go to each client's own redirect URI.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI='; style-src 'self'; " +
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    // A referrer keeps only the origin across sites (no query with a state or a return URL), and the
    // Origin header of a cross-site form_post stays set (no-referrer would send "null").
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public const string StrictTransportSecurity = "max-age=31536000";

    private readonly bool _hsts = !env.IsDevelopment();

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
            // Set, not added: antiforgery writes SAMEORIGIN on every page with a form.
            headers.XFrameOptions = "DENY";
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Referrer-Policy", ReferrerPolicy);
            if (_hsts && http.Request.IsHttps)
            {
                headers.TryAdd("Strict-Transport-Security", StrictTransportSecurity);
            }
            return Task.CompletedTask;
        });
        return next(http);
    }
}
