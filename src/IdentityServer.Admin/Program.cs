using IdentityServer.Admin;

var builder = WebApplication.CreateBuilder(args);

// Admin__ServerUrl: where the identity server answers (SPEC 7).
builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
    .Validate(o => Uri.TryCreate(o.ServerUrl, UriKind.Absolute, out _), "Admin__ServerUrl must be an absolute URL such as http://localhost:5000.")
    .ValidateOnStart();
builder.Services.AddRazorPages();

var app = builder.Build();
app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
app.MapRazorPages();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
