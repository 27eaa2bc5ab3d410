namespace IdentityServer.Admin.SignIn;

/// <summary>The tenant a request of /t/{tenant}/... administers, as resolved before authentication.</summary>
public static class AdminTenant
{
    private const string Key = "admin.tenant";

    public static string? Of(HttpContext context) => context.Items[Key] as string;

    internal static void Set(HttpContext context, string tenant) => context.Items[Key] = tenant;
}
