namespace IdentityServer.Management;

/// <summary>Marks a management endpoint whose successful calls are written to the tenant's audit log.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AuditedAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}
