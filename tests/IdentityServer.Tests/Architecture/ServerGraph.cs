using System.Reflection;
using IdentityServer.Data;
using NetArchTest.Rules;

namespace IdentityServer.Tests.Architecture;

/// <summary>
/// The server's capabilities (a namespace under IdentityServer, with its sub-namespaces unless they
/// are a capability of their own) and the arrows allowed between them: docs/ARCHITECTURE.md in code.
/// </summary>
internal static class ServerGraph
{
    private const string Root = "IdentityServer.";

    /// <summary>The Razor views compile into this namespace; they are part of Pages.</summary>
    private const string Views = "AspNetCoreGeneratedDocument";

    private static readonly Assembly Server = typeof(PlatformDbContext).Assembly;

    // Read once: each check filters the same type definitions.
    private static readonly Types ServerTypes = Types.InAssembly(Server);

    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Data"] = [],
        ["Mfa.Policy"] = [],
        ["Tenancy"] = ["Data", "Mfa.Policy"],
        ["Audit"] = ["Data"],
        ["Messaging"] = ["Data", "Telemetry"],
        ["Operations"] = ["Data", "Tenancy"],
        ["CodeDelivery"] = ["Data", "Tenancy", "Audit", "Messaging", "Keys", "Telemetry", "HotPath"],
        ["Mfa"] = ["Data", "Tenancy", "Audit", "Messaging", "Operations", "Keys", "CodeDelivery", "Mfa.Policy", "Passkeys", "Telemetry", "Protocol"],
        ["Account"] = ["Data", "Tenancy", "Audit", "Messaging", "CodeDelivery", "Mfa", "Mfa.Policy"],
        ["SmsSignIn"] = ["Data", "Tenancy", "Audit", "Messaging", "Operations", "CodeDelivery", "Account", "Mfa", "Mfa.Policy", "Telemetry", "Protocol", "HotPath"],
        ["Oidc"] = ["Data", "Tenancy", "Operations", "Keys", "CodeDelivery", "Account", "Mfa", "Mfa.Policy", "SmsSignIn", "Telemetry", "Protocol", "HotPath"],
        ["Pages"] = ["Data", "Tenancy", "Audit", "Account", "Mfa", "Mfa.Policy", "SmsSignIn", "Oidc", "Passkeys", "Telemetry"],
        ["Management"] = ["Data", "Tenancy", "Audit", "Messaging", "Keys", "Account", "Mfa", "Oidc", "Passkeys"],
        ["Bootstrap"] = ["Data", "Tenancy", "Keys", "Oidc", "Management"],
        ["Fleet"] = ["Tenancy", "CodeDelivery", "Mfa", "Telemetry"],
        ["Keys"] = ["Data", "Tenancy"],
        ["Passkeys"] = ["Data", "Tenancy", "Audit", "Keys", "CodeDelivery", "Mfa.Policy"],
        ["Retention"] = ["Data", "Tenancy", "Audit", "Messaging", "Keys", "CodeDelivery", "Mfa"],
        ["Telemetry"] = ["Tenancy"],
        ["Protocol"] = ["Data"],
        ["HotPath"] = ["Data", "Tenancy", "Protocol"],
    };

    /// <summary>
    /// Arrows that break the graph today, each from one named type, until issue 13.3 lands: the SMS
    /// and MFA grants (resolved by the token endpoint in Oidc) call AuthorizeEndpoint.Forbid and
    /// UserPrincipalFactory; once the grants return outcome values that the token endpoint maps,
    /// these go, and the test below fails until they are removed from this list.
    /// </summary>
    public static readonly IReadOnlySet<(string Type, string To)> Pending = new HashSet<(string, string)>
    {
    };

    /// <summary>
    /// Not dependencies: NetArchTest also reads string constants that look like a namespace. The key
    /// ring's Data Protection purpose names its first home (IdentityServer.Oidc) and must not change,
    /// or the stored keys could not be read.
    /// </summary>
    public static readonly IReadOnlySet<(string Type, string To)> PurposeStrings = new HashSet<(string, string)>
    {
        ("Keys.KeyMaterial", "Oidc"),
    };

    public static IEnumerable<string> Nodes => Allowed.Keys;

    /// <summary>The capability of a type: the longest node its namespace is in, or null.</summary>
    public static string? NodeOf(Type type) =>
        type.Namespace == Views ? "Pages" : NodeOfName(type.Namespace + ".");

    /// <summary>The capability of a type named without the IdentityServer prefix (Mfa.MfaOtpGrant).</summary>
    public static string? NodeOf(string shortTypeName) => NodeOfName(Root + shortTypeName);

    public static PredicateList TypesOf(string node)
    {
        var types = ServerTypes.That().ResideInNamespace(Root + node);
        if (node == "Pages")
        {
            types = types.Or().ResideInNamespace(Views);
        }
        foreach (var child in Children(node))
        {
            types = types.And().DoNotResideInNamespace(Root + child);
        }
        return types;
    }

    /// <summary>What a dependency on a node matches: its namespace, or its own types when a sub-namespace is a node of its own.</summary>
    public static string[] Targets(string node) => Children(node).Any()
        ? [.. Server.GetTypes().Where(t => NodeOf(t) == node).Select(t => t.FullName!.Replace('+', '/'))]
        : [Root + node];

    /// <summary>A failing type's name without the prefix, nested (compiler-generated) types folded into their outer type.</summary>
    public static string ShortName(string fullName)
    {
        var name = fullName.StartsWith(Root, StringComparison.Ordinal) ? fullName[Root.Length..] : fullName;
        var nested = name.IndexOfAny(['/', '+']);
        return nested < 0 ? name : name[..nested];
    }

    private static IEnumerable<string> Children(string node) => Nodes.Where(n => n.StartsWith(node + ".", StringComparison.Ordinal));

    private static string? NodeOfName(string dottedName) => Nodes
        .Where(n => dottedName.StartsWith(Root + n + ".", StringComparison.Ordinal))
        .OrderByDescending(n => n.Length)
        .FirstOrDefault();
}
