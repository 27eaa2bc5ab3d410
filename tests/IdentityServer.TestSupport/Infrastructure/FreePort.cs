using System.Net;
using System.Net.Sockets;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>A TCP port of 127.0.0.1 that was free when asked: nothing listens there until the caller does.</summary>
public static class FreePort
{
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
