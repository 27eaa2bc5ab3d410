using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IdentityServer.Bootstrap;

/// <summary>Prints where the server listens and, in Development, the demo tenant and its credentials.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var origin = addresses.FirstOrDefault()?.Replace("0.0.0.0", "localhost").Replace("[::]", "localhost") ?? "http://localhost:5000";
        var options = app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var lines = new List<string>
        {
            "",
            "Identity Platform server is running",
            $"  Server:           {origin}",
            $"  Platform issuer:  {origin}/t/platform",
            $"  OpenAPI:          {origin}/openapi/v1.json",
            $"  Platform admin:   {options.AdminEmail} (password from Bootstrap__AdminPassword)",
        };
        if (app.Environment.IsDevelopment())
        {
            lines[^1] = $"  Platform admin:   {options.AdminEmail} / {options.AdminPassword}";
        }
        if (options.SeedDemo == true)
        {
            lines.Add($"  Demo tenant:      {origin}/t/{DemoSeeder.Tenant}  (sign-in page {origin}/t/{DemoSeeder.Tenant}/account/login)");
            lines.Add($"  Demo user:        {DemoSeeder.UserEmail} / {DemoSeeder.UserPassword}  (tenant_admin)");
            lines.Add($"  Demo app:         {DemoSeeder.ClientId} / {DemoSeeder.ClientSecret}");
        }
        Console.WriteLine(string.Join(Environment.NewLine, lines) + Environment.NewLine);
    }
}
