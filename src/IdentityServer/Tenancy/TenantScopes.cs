using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Tenancy;

/// <summary>Runs work inside a DI scope bound to one tenant (seeding, background jobs).</summary>
internal static class TenantScopes
{
    public static async Task RunAsync(IServiceProvider root, string slug, Func<IServiceProvider, Task> work, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == slug, ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        await work(scope.ServiceProvider);
    }
}
