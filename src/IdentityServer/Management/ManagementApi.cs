using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace IdentityServer.Management;

public static class ManagementApi
{
    public const string Policy = "idp_admin";

    public static IServiceCollection AddManagementApi(this IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ManagementAuthentication>();
        services.AddOptions<ManagementOptions>().BindConfiguration("Management")
            .Validate(o => o.UserRecheckInterval >= TimeSpan.FromSeconds(1) && o.UserRecheckInterval <= TimeSpan.FromSeconds(60),
                "Management:UserRecheckInterval must be between 00:00:01 and 00:01:00 (SPEC 7: access follows the user within 60 s).")
            .ValidateOnStart();
        services.AddSingleton<ManagementUserStatus>();
        services.AddAuthentication().AddJwtBearer(ManagementAuthentication.Scheme);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(ManagementAuthentication.Scheme)
            .RequireAuthenticatedUser());
        services.AddScoped<TenantAccessFilter>();
        services.AddScoped<AuditFilter>();
        services.AddScoped<Oidc.ClientRegistry>();
        return services;
    }

    /// <summary>/api/v1: bearer tokens with idp_admin; who may do what is decided per group (SPEC 7).</summary>
    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).WithTags("Management").AddEndpointFilter<AuditFilter>();
        api.MapTenants();
        var tenant = api.MapGroup("/tenants/{slug}").AddEndpointFilter<TenantAccessFilter>();
        tenant.MapSettings();
        tenant.MapClients();
        tenant.MapUsers();
        tenant.MapUserPhone();
        tenant.MapAudit();
        return app;
    }
}
