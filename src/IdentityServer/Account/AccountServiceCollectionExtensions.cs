using System.Security.Claims;
using IdentityServer.Account.SelfService;
using IdentityServer.Data;
using IdentityServer.Oidc;
using IdentityServer.Tenancy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdentityServer.Account;

internal static class AccountServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity users (per tenant) and the hosted sign-in pages' session cookie.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<PlatformUser>(o =>
            {
                // Email is optional (phone-only users); TenantUserValidator keeps it unique per tenant.
                o.User.RequireUniqueEmail = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Password.RequiredLength = 8;
            })
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddUserValidator<TenantUserValidator>()
            .AddDefaultTokenProviders();
        // UserManager's writes join an open unit of work (a grant's one commit).
        services.Replace(ServiceDescriptor.Scoped<IUserStore<PlatformUser>, UnitOfWorkUserStore>());

        services.AddAuthentication()
            .AddCookie(SessionScheme.Name, o =>
            {
                // No Cookie.Path: the handler uses the request's path base, i.e. /t/{tenant}.
                o.Cookie.Name = "idp.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateSession;
            });
        services.AddScoped<SecondStep>();
        services.AddScoped<SessionValidity>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<SmsSignInPhone>();
        services.AddScoped<PhoneVerification>();
        services.AddSelfService();
        services.AddRazorPages(o => o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()));
        return services;
    }

    // Belt and braces beside the cookie path: a session is only valid in its own tenant; then the
    // user must still be active and the session newer than their last password change.
    private static Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>().TenantId;
        if (tenant is null || context.Principal?.FindFirstValue(PlatformClaims.Tenant) != tenant)
        {
            context.RejectPrincipal();
            return Task.CompletedTask;
        }
        return SessionValidity.ValidateAsync(context);
    }
}
