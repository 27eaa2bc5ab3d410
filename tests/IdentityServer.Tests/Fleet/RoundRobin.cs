using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Fleet;

/// <summary>
/// The load balancer of the tests: each request goes to the next live node, whatever address it names
/// (the public origin, a redirect's Location, a node). A request that finds its node dead (refused or
/// reset connection, as a SIGKILL leaves) is sent to the next one, as a proxy's retry would.
/// </summary>
public sealed class RoundRobin(IReadOnlyList<ServerNode> nodes, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _next = -1;

    /// <summary>Set to send every request to one node (for a step that must run there).</summary>
    public ServerNode? Pinned { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var node = Pinned ?? Next();
            request.RequestUri = new UriBuilder(request.RequestUri!) { Host = node.Address.Host, Port = node.Address.Port }.Uri;
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (Pinned is null && !node.Alive && attempt < 3)
            {
                // The node died under the request: the next live node takes it.
            }
        }
    }

    private ServerNode Next()
    {
        var alive = nodes.Where(n => n.Alive).ToList();
        return alive[(int)((uint)Interlocked.Increment(ref _next) % (uint)alive.Count)];
    }
}
