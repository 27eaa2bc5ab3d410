using System.Text.RegularExpressions;
using IdentityServer.Operations;

namespace IdentityServer.Tests.Operations;

/// <summary>The one OAuth error catalogue: stable, unique ids, each documented with its code and description.</summary>
public sealed partial class OAuthErrorCatalogueTests
{
    [Fact]
    public void Every_entry_has_its_own_well_formed_id()
    {
        Assert.NotEmpty(OAuthErrors.All);
        Assert.All(OAuthErrors.All, e => Assert.Matches(IdShape(), e.Id));
        var repeated = OAuthErrors.All.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(repeated);
        Assert.All(OAuthErrors.All, e => Assert.InRange(e.Status, 400, 599));
    }

    [Fact]
    public void The_architecture_document_lists_every_entry_as_it_is()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IdentityPlatform.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var document = File.ReadAllText(Path.Combine(root.FullName, "docs", "ARCHITECTURE.md"));
        var missing = OAuthErrors.All
            .Where(e => !document.Contains($"| {e.Id} | `{e.Error}` | {e.Description} |", StringComparison.Ordinal))
            .Select(e => e.Id).ToList();
        Assert.True(missing.Count == 0, "docs/ARCHITECTURE.md does not list these as they are: " + string.Join(", ", missing));
    }

    [GeneratedRegex("^IDP[1-9][0-9]{3}$")]
    private static partial Regex IdShape();
}
