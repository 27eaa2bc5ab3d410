using System.Text.Encodings.Web;
using IdentityServer.Oidc;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace IdentityServer.Management;

internal static class ManagementApi
{
    public const string Policy = "idp_admin";

    private const string ReferencePagePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

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
        services.AddScoped<AuditTrail>();
        services.AddScoped<ClientRegistry>();
        services.AddScoped<Oidc.ClientSecretRotator>();
        services.AddScoped<Account.PasswordResetEmail>();
        // The rules of each request body, applied by the group's ValidationFilter.
        services.AddScoped<IBodyRules<UserModel>, UserModelRules>();
        services.AddScoped<IBodyRules<ClientModel>, ClientBodyRules>();
        services.AddSingleton<IBodyRules<TenantModel>, TenantBodyRules>();
        services.AddSingleton<IBodyRules<ClientSecretEndpoints.RotateRequest>, ClientSecretEndpoints.Rules>();
        services.AddScoped<IBodyRules<UserAdminEndpoints.RolesRequest>, UserAdminEndpoints.Rules>();
        // Issue 15 point 7: "+14155552671", not "\u002B14155552671" (API JSON is never put into HTML unencoded).
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer<ManagementOpenApi>());
        return services;
    }

    /// <summary>Answers a body endpoint binding would refuse with a 400 naming the field (after authorization).</summary>
    public static IApplicationBuilder UseManagementJsonBodies(this IApplicationBuilder app) => app.UseMiddleware<JsonBodyCheck>();

    /// <summary>/api/v1: bearer tokens with idp_admin; who may do what is decided per group (SPEC 7).</summary>
    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).WithTags("Management")
            .AddEndpointFilter<AuditFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapTenants();
        // Validation runs after the access filter: the rules read the route's tenant.
        var tenant = api.MapGroup("/tenants/{slug}").AddEndpointFilter<TenantAccessFilter>().WithValidation()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapSettings();
        tenant.MapClients();
        tenant.MapUsers();
        tenant.MapUserPhone();
        tenant.MapUserPasskeys();
        tenant.MapUserAdmin();
        tenant.MapClientSecret();
        tenant.MapAudit();
        tenant.MapKeys();
        // Issue 13 point 6: an interactive reference over /openapi/v1.json, in Development only.
        if (app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            app.MapScalarApiReference(o => o.WithTitle("Identity Platform management API").AddDocument("v1", "Management API", "/openapi/v1.json"))
                .AddEndpointFilter(async (context, next) =>
                {
                    // The page starts with an inline module script; its own policy allows that, and nothing from elsewhere.
                    context.HttpContext.Response.Headers.ContentSecurityPolicy = ReferencePagePolicy;
                    return await next(context);
                });
        }
        return app;
    }
}
