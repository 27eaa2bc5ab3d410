using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NetArchTest.Rules;

namespace IdentityServer.Tests.Architecture;

/// <summary>The admin app is a client of the server (OIDC and the management API over HTTP), never a library user of it.</summary>
public sealed class AdminAppBoundaryTests
{
    [Fact]
    public void The_admin_app_does_not_reference_the_server_assembly()
    {
        using var pe = new PEReader(File.OpenRead(AdminAssemblyPath()));
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
        Assert.Contains("Microsoft.AspNetCore.Authentication.OpenIdConnect", references);
        Assert.DoesNotContain("IdentityServer", references);
        Assert.Contains("IdentityPlatform.Shared", references);
    }

    [Fact]
    public void The_shared_library_references_neither_app()
    {
        var references = typeof(IdentityPlatform.Shared.Phones.PhoneNumberParser).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("PhoneNumbers", references);
        Assert.DoesNotContain("IdentityServer", references);
        Assert.DoesNotContain("IdentityServer.Admin", references);
    }

    [Fact]
    public void No_admin_type_uses_a_server_namespace()
    {
        var server = ServerGraph.Nodes.Select(n => "IdentityServer." + n).ToArray();
        var result = Types.FromFile(AdminAssemblyPath()).ShouldNot().HaveDependencyOnAny(server).GetResult();
        Assert.True(result.IsSuccessful, "Admin types using the server: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    // The admin project is built before this one (a ProjectReference without its assembly), in the same configuration.
    private static string AdminAssemblyPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IdentityPlatform.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var path = Path.Combine(root.FullName, "src", "IdentityServer.Admin", "bin", configuration, framework, "IdentityServer.Admin.dll");
        Assert.True(File.Exists(path), $"The admin app is not built at {path}.");
        return path;
    }
}
