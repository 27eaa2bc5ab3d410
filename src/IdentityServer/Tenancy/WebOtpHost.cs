using System.Net;
using Microsoft.Extensions.Options;

namespace IdentityServer.Tenancy;

/// <summary>
/// SPEC 4.2, 4.4: the host of the WebOTP line ("@host #code") of every SMS that carries a code. It
/// is the public origin's (PublicOrigin__Url, required in Production), never a request header: a
/// caller choosing it could bind the code to their own site. Without a public origin (Development),
/// the request's host is trusted only from a loopback caller; anyone else gets "localhost".
/// </summary>
internal static class WebOtpHost
{
    public const string Fallback = "localhost";

    public static string For(HttpContext http)
    {
        var origin = http.RequestServices.GetRequiredService<IOptions<PublicOriginOptions>>().Value.Url;
        if (!string.IsNullOrWhiteSpace(origin) && Uri.TryCreate(origin, UriKind.Absolute, out var url))
        {
            return url.IdnHost;
        }
        // An in-process caller (no remote address, as in the test host) is local too.
        var remote = http.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote) ? http.Request.Host.Host : Fallback;
    }
}
