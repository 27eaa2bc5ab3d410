using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace IdentityPlatform.Shared.Http;

/// <summary>
/// SPEC 8, for both apps: every response carries the app's CSP, framing refused, nosniff, a referrer
/// policy and, outside Development over HTTPS, HSTS. Set when the response starts, so error and
/// static-file responses carry them too; a header an endpoint set itself is left alone. Each app
/// derives its middleware with its own CSP.
/// </summary>
public abstract class SecurityHeadersMiddleware(RequestDelegate next, IHostEnvironment env, string contentSecurityPolicy)
{
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
            headers.TryAdd("Content-Security-Policy", contentSecurityPolicy);
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
