namespace IdentityServer.Account;

internal static class SessionScheme
{
    /// <summary>The browser session cookie of a tenant; its path is the tenant's path base, so A's session is not B's.</summary>
    public const string Name = "tenant-session";
}
