using System.Net;
using IdentityServer.Admin;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IdentityServer.Admin.Tests;

/// <summary>The admin app on a real Kestrel socket on 127.0.0.1, at a port chosen before the server starts (the server registers its callbacks).</summary>
public sealed class AdminFactory : WebApplicationFactory<AdminProgram>
{
    public AdminFactory()
    {
        Port = FreePort.OnLoopback();
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
}
