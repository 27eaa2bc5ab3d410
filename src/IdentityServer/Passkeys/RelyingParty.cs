using System.Net;
using Fido2NetLib;
using IdentityServer.Tenancy;
using Microsoft.Extensions.Options;

namespace IdentityServer.Passkeys;

/// <summary>
/// Issue 16 point 5: the relying party of every ceremony. Its id and origin come from PublicOrigin__Url
/// (required in Production), never from a request header; without it (Development) a loopback caller's
/// request names them, as for the WebOTP line. The tenant's display name is the name authenticators show.
/// </summary>
internal sealed class RelyingParty(IOptions<PublicOriginOptions> publicOrigin, IOptions<PasskeyOptions> options, IHttpContextAccessor http)
{
    public IFido2 For(string tenantName)
    {
        var (id, origin) = Origin();
        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { origin };
        origins.UnionWith(options.Value.AdditionalOrigins);
        return new Fido2(new Fido2Configuration
        {
            RPID = id,
            RPName = tenantName,
            Origins = origins,
            Timeout = (uint)options.Value.ChallengeLifetimeSeconds * 1000,
            ChallengeSize = 32,
        });
    }

    /// <summary>The RP id (a host name) and the web origin answers must carry.</summary>
    public (string Id, string Origin) Origin()
    {
        if (!string.IsNullOrWhiteSpace(publicOrigin.Value.Url) && Uri.TryCreate(publicOrigin.Value.Url, UriKind.Absolute, out var url))
        {
            return (url.IdnHost, url.GetLeftPart(UriPartial.Authority));
        }
        var request = http.HttpContext?.Request;
        var remote = http.HttpContext?.Connection.RemoteIpAddress;
        if (request is not null && (remote is null || IPAddress.IsLoopback(remote)))
        {
            return (request.Host.Host, $"{request.Scheme}://{request.Host}");
        }
        return ("localhost", "https://localhost");
    }
}
