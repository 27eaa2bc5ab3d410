using Microsoft.Extensions.Options;

namespace IdentityServer.Tenancy;

/// <summary>
/// SPEC 10: with PublicOrigin__Url set, every request is seen with that scheme and host, so the
/// issuer, endpoints, redirects and cookies use the origin clients see, whatever the proxy sends.
/// </summary>
internal sealed class PublicOriginMiddleware(RequestDelegate next, IOptions<PublicOriginOptions> options)
{
    private readonly Uri? _origin = string.IsNullOrWhiteSpace(options.Value.Url) ? null : new Uri(options.Value.Url);

    public Task InvokeAsync(HttpContext http)
    {
        if (_origin is not null)
        {
            http.Request.Scheme = _origin.Scheme;
            http.Request.Host = _origin.IsDefaultPort ? new HostString(_origin.Host) : new HostString(_origin.Host, _origin.Port);
        }
        return next(http);
    }
}
