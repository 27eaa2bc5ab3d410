namespace IdentityServer.Admin.SignIn;

/// <summary>
/// The tenant a request of /t/{tenant}/... administers, as resolved before authentication, and the
/// tenant whose admin session serves it: the same tenant for its own admins, tenant platform for a
/// platform admin administering another tenant.
/// </summary>
public static class AdminTenant
{
    private const string Key = "admin.tenant";
    private const string SessionKey = "admin.session";

    public static string? Of(HttpContext context) => context.Items[Key] as string;

    /// <summary>The tenant whose cookie (and access token) the request uses; the page's tenant when none was chosen yet.</summary>
    public static string? SessionOf(HttpContext context) => context.Items[SessionKey] as string ?? Of(context);

    /// <summary>Whether a platform admin's session serves a page of another tenant.</summary>
    public static bool ViaPlatform(HttpContext context) => Of(context) is { } tenant && SessionOf(context) != tenant;

    internal static void Set(HttpContext context, string tenant) => context.Items[Key] = tenant;

    internal static void SetSession(HttpContext context, string sessionTenant) => context.Items[SessionKey] = sessionTenant;
}
