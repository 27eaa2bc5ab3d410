using System.Net;
using System.Text.Json.Nodes;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace IdentityServer.Tests.Data;

/// <summary>
/// SPEC 9: signing keys are generated once and stored (encrypted) in the database, so a restart,
/// or a second node on the same database, publishes the same keys and accepts the tokens issued before.
/// </summary>
public sealed class KeyPersistenceTests : IDisposable
{
    // Outside the factories' own folders: each factory deletes its folder when disposed.
    private readonly string _dir = Directory.CreateTempSubdirectory("idp-keys-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_dir, "identity.db")}";

    private ServerFactory NewServer()
    {
        var factory = new ServerFactory();
        factory.Settings["ConnectionStrings:Identity"] = ConnectionString;
        return factory;
    }

    private static async Task<IReadOnlyList<string>> KidsAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync("/t/platform/.well-known/jwks"))!["keys"]!.AsArray()
            .Select(k => k!["kid"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task SecondServerOnTheSameDatabase_PublishesTheSameKeys_AndAcceptsTheFirstServersToken()
    {
        string token;
        IReadOnlyList<string> firstKids;
        await using (var first = NewServer())
        {
            var api = new Api(first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
            token = await api.PlatformTokenAsync();
            firstKids = await KidsAsync(api.Http);
            Assert.NotEmpty(firstKids);
        }

        await using var second = NewServer();
        var http = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(firstKids, await KidsAsync(http));

        using var response = await new Api(http).CallAsync(HttpMethod.Get, "/tenants", token: token);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"the first server's token at the second server: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task SecondServerOnTheSameDatabase_KeepsTheBootstrapAndAddsNoKeys()
    {
        IReadOnlyList<string> firstKids;
        await using (var first = NewServer())
        {
            firstKids = await KidsAsync(first.CreateClient());
        }
        await using var second = NewServer();
        var api = new Api(second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        // The automation client of the first start still authenticates with the same secret.
        var token = await api.PlatformTokenAsync();
        var tenants = await api.CallOkAsync(HttpMethod.Get, "/tenants", token: token);
        Assert.Contains(tenants["items"]!.AsArray(), t => t!["slug"]!.GetValue<string>() == "platform");
        var secondKids = await KidsAsync(api.Http);
        Assert.Equal(firstKids.Count, secondKids.Count);
        Assert.Equal(firstKids, secondKids);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }
}
