using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace IdentityServer.Admin.SignIn;

/// <summary>
/// Whether the server has an active tenant of that slug (its discovery document answers). Only
/// known tenants get schemes, so random URLs cannot grow the scheme list.
/// </summary>
internal sealed class TenantDirectory(IHttpClientFactory http, IOptions<AdminOptions> options)
{
    public const string HttpClientName = "discovery";

    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    public async Task<bool> ExistsAsync(string tenant, CancellationToken ct)
    {
        if (_known.ContainsKey(tenant))
        {
            return true;
        }
        using var response = await http.CreateClient(HttpClientName)
            .GetAsync($"{options.Value.IssuerOf(tenant)}/.well-known/openid-configuration", ct);
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }
        _known[tenant] = true;
        return true;
    }
}
