namespace IdentityServer.Audit;

internal static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddScoped<AuditLog>();
}
