using IdentityServer.Account;
using IdentityServer.Audit;
using IdentityServer.Bootstrap;
using IdentityServer.CodeDelivery;
using IdentityServer.Data;
using IdentityServer.Fleet;
using IdentityServer.HotPath;
using IdentityServer.Keys;
using IdentityServer.Management;
using IdentityServer.Messaging;
using IdentityServer.Mfa;
using IdentityServer.Oidc;
using IdentityServer.Operations;
using IdentityServer.Passkeys;
using IdentityServer.Retention;
using IdentityServer.SmsSignIn;
using IdentityServer.Telemetry;
using IdentityServer.Tenancy;

var builder = WebApplication.CreateBuilder(args);

// Logs first, so that a bad setting at start is reported through them.
builder.Services.AddPlatformLogging(builder.Configuration);
builder.Services.AddPlatformTelemetry(builder.Configuration);

// The database (SQLite by default), shared keys for cookies and tokens, and tenants.
builder.Services.AddPlatformDatabase(builder.Configuration, builder.Environment);
builder.Services.AddPlatformDataProtection(builder.Configuration, builder.Environment);
builder.Services.AddTenancy();
builder.Services.AddKeys();
builder.Services.AddRetention();

// Users and their hosted pages; the OIDC server; the management API.
builder.Services.AddAccounts();
builder.Services.AddOidcServer(builder.Environment);
builder.Services.AddHotPath(builder.Configuration);
builder.Services.AddManagementApi();
builder.Services.AddMessaging(builder.Configuration, builder.Environment);
builder.Services.AddCodeDelivery();
builder.Services.AddSmsSignIn();
builder.Services.AddMfa();
builder.Services.AddPasskeys();
builder.Services.AddAudit();
builder.Services.AddBootstrap();
builder.Services.AddOperations(builder.Configuration);
builder.Services.AddFleet(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o =>
    o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);

var app = builder.Build();

// Database__MigrateOnly=true: the deployment's migration job applies the schema and the process ends.
if (await app.MigrateOnlyAsync())
{
    return;
}

app.UseForwardedHeaders();
app.UseMiddleware<SecurityHeaders>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestMetrics();
app.UseAuthorizationServerMetadataPath();
app.UseTenancy();
app.UseStaticFiles();
app.UseRequestLogContext();
app.UseRouting();
app.UseMiddleware<IdentityServer.Operations.RequestBodyGuard>();
app.UseAuthentication();
app.UseAuthorization();
app.UseManagementJsonBodies();
app.UseAntiforgery();

app.MapHealth();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapOidcEndpoints();
app.MapSmsSignIn();
app.MapMfa();
app.MapVonageWebhooks();
app.MapManagementApi();
app.MapRazorPages();
app.MapGet("/", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();

// Migrate, load the shared keys and seed before the first request.
await app.InitializePlatformAsync();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
