namespace IdentityServer.Admin;

/// <summary>
/// SPEC 8: every response of the admin app carries a CSP without inline script (scripts and styles
/// come from wwwroot), framing refused, nosniff, a referrer policy and, outside Development over
/// HTTPS, HSTS. The same headers as the server's Operations/SecurityHeaders.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IHostEnvironment env)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

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
            headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
            if (_hsts && http.Request.IsHttps)
            {
                headers.TryAdd("Strict-Transport-Security", "max-age=31536000");
            }
            return Task.CompletedTask;
        });
        return next(http);
    }
}
