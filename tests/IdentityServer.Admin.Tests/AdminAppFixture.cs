using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IdentityServer.Admin.Tests;

/// <summary>
/// The identity server and the admin app, both on 127.0.0.1; tenants acme (an admin, a user who
/// is not one, and an SMS client) and globex (its own admin).
/// </summary>
public sealed class AdminAppFixture : IAsyncLifetime
{
    public const string Acme = "acme";
    public const string Globex = "globex";
    public const string Password = "Admin-Tests-Passw0rd!";
    public const string AcmeAdmin = "ann@acme.test";
    public const string AcmeUser = "bob@acme.test";
    public const string GlobexAdmin = "gil@globex.test";
    public const string SmsClient = "acme-mobile";

    public ServerFactory Server { get; } = new();

    public AdminFactory Admin { get; } = new();

    public Uri ServerAddress { get; private set; } = null!;

    public Api Api { get; private set; } = null!;

    public string SmsClientSecret { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server.Settings["AdminApp:Url"] = Admin.BaseAddress.ToString();
        ServerAddress = Server.ListenOnLoopback();
        Api = new Api(Server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ServerAddress }));
        await Api.CreateTenantAsync(Acme);
        await Api.CreateTenantAsync(Globex);
        await Api.CreateUserAsync(Acme, AcmeAdmin, Password, ["tenant_admin"]);
        await Api.CreateUserAsync(Acme, AcmeUser, Password);
        await Api.CreateUserAsync(Globex, GlobexAdmin, Password, ["tenant_admin"]);
        SmsClientSecret = (await Api.CreateClientAsync(Acme, SmsClient, ["urn:identity-platform:grant-type:sms-otp"]))!;
        Admin.ServerUrl = ServerAddress.ToString().TrimEnd('/');
        Admin.Start();
    }

    public async Task DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Server.DisposeAsync();
    }
}
