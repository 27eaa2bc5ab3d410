using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IdentityServer.Bootstrap;

/// <summary>
/// Prints where the server listens and, with the demo, the demo tenant. Never a password or a
/// secret (SPEC 8: console output ends up in logs): only the setting or document that holds it.
/// </summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app) =>
        Console.WriteLine(string.Join(Environment.NewLine, Lines(app.Services, app.Environment)) + Environment.NewLine);

    public static IReadOnlyList<string> Lines(IServiceProvider services, IHostEnvironment env)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var origin = addresses.FirstOrDefault()?.Replace("0.0.0.0", "localhost").Replace("[::]", "localhost") ?? "http://localhost:5000";
        var options = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var password = env.IsDevelopment()
            ? "password: Bootstrap__AdminPassword, else the Development default in README.md"
            : "password: Bootstrap__AdminPassword";
        var lines = new List<string>
        {
            "",
            "Identity Platform server is running",
            $"  Server:           {origin}",
            $"  Platform issuer:  {origin}/t/platform",
            $"  OpenAPI:          {origin}/openapi/v1.json",
            $"  Platform admin:   {options.AdminEmail} ({password})",
        };
        if (options.SeedDemo == true)
        {
            lines.Add($"  Demo tenant:      {origin}/t/{DemoSeeder.Tenant}  (sign-in page {origin}/t/{DemoSeeder.Tenant}/account/login)");
            lines.Add($"  Demo user:        {DemoSeeder.UserEmail}  (tenant_admin; password in README.md, Demo tenant)");
            lines.Add($"  Demo app:         {DemoSeeder.ClientId}  (secret in README.md, Demo tenant)");
        }
        return lines;
    }
}
