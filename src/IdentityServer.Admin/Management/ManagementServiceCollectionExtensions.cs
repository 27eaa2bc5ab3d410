using Microsoft.Extensions.Options;

namespace IdentityServer.Admin.Management;

public static class ManagementServiceCollectionExtensions
{
    public static IServiceCollection AddManagementClient(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddHttpClient<ManagementClient>((sp, http) =>
        {
            http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<AdminOptions>>().Value.ServerBase + "/");
            http.Timeout = TimeSpan.FromSeconds(15);
        });
        return services;
    }
}
