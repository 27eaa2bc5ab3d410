using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Architecture;

/// <summary>
/// Rules the compiled graph cannot see, read from the server's source: a request reads its tenant's
/// settings through the tenant context (parsed once per request), never by re-parsing the tenant's
/// document or by assuming a tenant with <c>Current!</c> (issue 13 point 2).
/// </summary>
public sealed class SourceRulesTests
{
    private static readonly string Server = Path.Combine(Repository.Root, "src", "IdentityServer");

    /// <summary>Where a tenant's document is parsed from a tenant row rather than the request's context: the context itself and jobs that walk every tenant.</summary>
    private static readonly string[] ParsesSettings =
    [
        "Tenancy/TenantContext.cs", "Tenancy/Settings/TenantSettingsStore.cs", "Oidc/TenantAlgorithms.cs",
        "Retention/RetentionSweep.cs", "Keys/KeyRotation.cs",
    ];

    [Fact]
    public void NoSourceFile_AssumesATenant_WithCurrentBang()
    {
        var offenders = SourceFiles().Where(f => File.ReadAllText(f.Path).Contains("Current!", StringComparison.Ordinal)).Select(f => f.Name);
        Assert.Empty(offenders);
    }

    [Fact]
    public void TenantSettings_AreParsedOnlyByTheTenantContext_AndByJobsOverEveryTenant()
    {
        var offenders = SourceFiles()
            .Where(f => File.ReadAllText(f.Path).Contains("TenantSettingsStore.Read(", StringComparison.Ordinal))
            .Select(f => f.Name)
            .Except(ParsesSettings);
        Assert.Empty(offenders);
    }

    private static IEnumerable<(string Path, string Name)> SourceFiles() =>
        Directory.EnumerateFiles(Server, "*.cs", SearchOption.AllDirectories)
            .Select(p => (p, Path.GetRelativePath(Server, p).Replace('\\', '/')))
            .Where(f => !f.Item2.StartsWith("bin/", StringComparison.Ordinal) && !f.Item2.StartsWith("obj/", StringComparison.Ordinal));
}
