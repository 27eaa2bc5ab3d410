namespace IdentityServer.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder that holds IdentityPlatform.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IdentityPlatform.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("IdentityPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
