using System.Net;
using System.Net.Sockets;
using IdentityServer.Admin;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IdentityServer.Admin.Tests;

/// <summary>The admin app on a real Kestrel socket on 127.0.0.1, at a port chosen before the server starts (the server registers its callbacks).</summary>
public sealed class AdminFactory : WebApplicationFactory<AdminProgram>
{
    public AdminFactory()
    {
        Port = FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string ServerUrl { get; set; } = "";

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Admin:ServerUrl", ServerUrl);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
