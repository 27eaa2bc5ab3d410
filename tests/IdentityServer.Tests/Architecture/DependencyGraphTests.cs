using System.Reflection;
using IdentityServer.Data;
using NetArchTest.Rules;

namespace IdentityServer.Tests.Architecture;

/// <summary>
/// The one-way graph of docs/ARCHITECTURE.md, checked on the compiled server (NetArchTest reads the
/// IL, so a fully qualified name or a call counts as much as a using). A new folder or a new arrow
/// is added here and in the document in the same change.
/// </summary>
public sealed class DependencyGraphTests
{
    private static readonly Assembly Server = typeof(PlatformDbContext).Assembly;

    [Fact]
    public void The_allowed_graph_has_no_loop()
    {
        var loops = ServerGraph.Nodes.Where(node => Reaches(node, node, [])).ToList();
        Assert.True(loops.Count == 0, "These capabilities reach themselves through the Allowed map: " + string.Join(", ", loops));
    }

    [Fact]
    public void Every_server_namespace_belongs_to_a_capability()
    {
        var strays = Server.GetTypes()
            .Where(t => t.Namespace?.StartsWith("IdentityServer", StringComparison.Ordinal) == true && ServerGraph.NodeOf(t) is null)
            .Select(t => t.FullName).ToList();
        Assert.True(strays.Count == 0, "Add these namespaces to ServerGraph and docs/ARCHITECTURE.md: " + string.Join(", ", strays));
    }

    [Fact]
    public void No_capability_depends_on_one_outside_its_allowed_arrows()
    {
        var unexpected = new List<string>();
        foreach (var from in ServerGraph.Nodes)
        {
            var forbidden = ServerGraph.Nodes.Where(n => n != from && !ServerGraph.Allowed[from].Contains(n)).ToList();
            // One pass over the node's types first; the arrows are named one by one only when it fails.
            if (Dependents(from, [.. forbidden.SelectMany(ServerGraph.Targets)]).Count == 0)
            {
                continue;
            }
            foreach (var to in forbidden)
            {
                var failing = Dependents(from, ServerGraph.Targets(to))
                    .Where(type => !ServerGraph.Pending.Contains((type, to)) && !ServerGraph.PurposeStrings.Contains((type, to)))
                    .ToList();
                if (failing.Count > 0)
                {
                    unexpected.Add($"{from} -> {to} ({string.Join(", ", failing)})");
                }
            }
        }
        Assert.True(unexpected.Count == 0, "Arrows not in the allowed graph:\n" + string.Join("\n", unexpected));
    }

    [Fact]
    public void Every_pending_arrow_still_exists()
    {
        // A pending arrow that is gone must leave the list, so that it cannot come back unnoticed.
        var stale = ServerGraph.Pending
            .Where(p => !Dependents(ServerGraph.NodeOf(p.Type)!, ServerGraph.Targets(p.To)).Contains(p.Type))
            .Select(p => $"{p.Type} -> {p.To}").ToList();
        Assert.True(stale.Count == 0, "Remove these stale Pending entries: " + string.Join(", ", stale));
    }

    [Fact]
    public void The_mfa_policy_engine_references_only_the_bcl()
    {
        var result = ServerGraph.TypesOf("Mfa.Policy").Should()
            .OnlyHaveDependenciesOn("System", "IdentityServer.Mfa.Policy").GetResult();
        Assert.True(result.IsSuccessful, "The engine reaches beyond the BCL: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Data_does_not_reference_tenancy()
    {
        var result = ServerGraph.TypesOf("Data").ShouldNot().HaveDependencyOn("IdentityServer.Tenancy").GetResult();
        Assert.True(result.IsSuccessful, "Data reaches into Tenancy: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    // The types of `from` (by short name) that depend on any of the targets.
    private static List<string> Dependents(string from, string[] targets)
    {
        var result = ServerGraph.TypesOf(from).ShouldNot().HaveDependencyOnAny(targets).GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames.Select(ServerGraph.ShortName).Distinct()];
    }

    private static bool Reaches(string from, string target, HashSet<string> seen)
    {
        foreach (var next in ServerGraph.Allowed[from])
        {
            if (next == target || (seen.Add(next) && Reaches(next, target, seen)))
            {
                return true;
            }
        }
        return false;
    }
}
