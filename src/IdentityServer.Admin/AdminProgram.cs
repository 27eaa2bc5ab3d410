using IdentityServer.Admin.Management;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Admin;

/// <summary>
/// The admin app: Razor Pages under /t/{tenant}, each tenant's admins signed in with OIDC against
/// that tenant's issuer, every read and write through the management API (SPEC 7).
/// Named AdminProgram so tests can host it next to the server's Program.
/// </summary>
public sealed class AdminProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Admin__ServerUrl: where the identity server answers.
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .Validate(o => AdminOptions.IsValidServerUrl(o.ServerUrl),
                "Admin__ServerUrl must be the identity server's absolute http(s) URL, such as http://localhost:5000.")
            .ValidateOnStart();

        // One cookie and one OIDC scheme per tenant, made when the tenant is first visited.
        builder.Services.AddTenantSignIn();
        // The management API, called with the signed-in admin's access token.
        builder.Services.AddManagementClient();

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "idp-admin.antiforgery";
            // Secure on https; antiforgery refuses Always on a plain-http development URL.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddRazorPages(o => o.Conventions.ConfigureFilter(new AutoValidateAntiforgeryTokenAttribute()));
        // The API checks every field and names the rule; an empty text box is not an error of its own here.
        builder.Services.Configure<MvcOptions>(o => o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);

        var app = builder.Build();

        // Security headers on every response, then the styles and scripts of wwwroot (no inline ones).
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        app.UseTenantSignIn();
        app.UseRouting();
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapRazorPages();

        await app.RunAsync();
    }
}
