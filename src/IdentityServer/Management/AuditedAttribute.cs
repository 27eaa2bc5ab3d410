namespace IdentityServer.Management;

/// <summary>Marks a management endpoint whose successful calls are written to the tenant's audit log (see <see cref="AuditFilter"/>).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class AuditedAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}

internal static class AuditedConvention
{
    /// <summary>The call is audited as <paramref name="action"/> when it succeeds; the endpoint fills the <see cref="AuditTrail"/>.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditedAttribute(action));
}
