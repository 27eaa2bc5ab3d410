namespace IdentityServer.Telemetry;

/// <summary>A fixed name for each endpoint of the contract, from the request path (the <c>endpoint</c> label).</summary>
internal static class EndpointNames
{
    private static readonly (string Path, string Name)[] TenantPaths =
    [
        ("/connect/token", "token"), ("/connect/authorize", "authorize"), ("/connect/userinfo", "userinfo"),
        ("/connect/introspect", "introspect"), ("/connect/revoke", "revoke"), ("/connect/endsession", "endsession"),
        ("/connect/sms/start", "sms_start"), ("/connect/mfa/challenge", "mfa_challenge"), ("/connect/mfa/enroll", "mfa_enroll"),
        ("/.well-known/openid-configuration", "discovery"), ("/.well-known/jwks", "jwks"), ("/account", "pages"),
    ];

    private static readonly (string Path, string Name)[] PlatformPaths =
    [
        ("/api", "management"), ("/health", "health"), ("/webhooks", "webhook"), ("/openapi", "openapi"),
        ("/.well-known/oauth-authorization-server", "discovery"),
    ];

    public static string Of(PathString path)
    {
        if (path.StartsWithSegments("/t", out var rest))
        {
            // /t/{tenant}/rest-of-path: the tenant is a label of its own.
            var value = rest.Value ?? "";
            var slash = value.IndexOf('/', 1);
            var inTenant = new PathString(slash < 0 ? "" : value[slash..]);
            foreach (var (prefix, name) in TenantPaths)
            {
                if (inTenant.StartsWithSegments(prefix))
                {
                    return name;
                }
            }
            return "other";
        }
        foreach (var (prefix, name) in PlatformPaths)
        {
            if (path.StartsWithSegments(prefix))
            {
                return name;
            }
        }
        return "other";
    }
}
