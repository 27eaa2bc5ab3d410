using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Admin.Tests;

/// <summary>The browser collection of this test assembly: its tests run one at a time (see BrowserCollection).</summary>
[CollectionDefinition(BrowserCollection.Name, DisableParallelization = true)]
public sealed class BrowserCollectionDefinition;
