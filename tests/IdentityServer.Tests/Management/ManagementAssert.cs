using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace IdentityServer.Tests.Management;

/// <summary>Assertions and helpers shared by the management API tests (SPEC 7).</summary>
internal static partial class ManagementAssert
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The status, the problem+json content type and the RFC 9457 members; returns the body.</summary>
    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["title"]?.GetValue<string>()), "a problem has a title");
        return body;
    }

    /// <summary>The status, a JSON (not problem) content type and snake_case names throughout; returns the body.</summary>
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!;
        SnakeCase(body);
        return body;
    }

    /// <summary>Every property name of the document is snake_case (SPEC 7).</summary>
    public static void SnakeCase(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    Assert.True(SnakeCaseName().IsMatch(name), $"'{name}' at {path} is not snake_case");
                    SnakeCase(value, path + "." + name);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    SnakeCase(a[i], $"{path}[{i}]");
                }
                break;
        }
    }

    /// <summary>The object has at least these members (more may be added, SPEC 7).</summary>
    public static void HasMembers(JsonNode node, params string[] names)
    {
        var obj = node.AsObject();
        foreach (var name in names)
        {
            Assert.True(obj.ContainsKey(name), $"'{name}' is missing from {node.ToJsonString()}");
        }
    }

    /// <summary>The Location of a 201 answer names the created resource: a GET there answers 200.</summary>
    public static async Task LocationResolvesAsync(Api api, HttpResponseMessage created)
    {
        var location = new Uri(created.RequestMessage!.RequestUri!, created.Headers.Location!);
        Assert.StartsWith("/api/v1/", location.AbsolutePath);
        var read = await api.CallAsync(HttpMethod.Get, location.AbsolutePath["/api/v1".Length..]);
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"Location {created.Headers.Location} -> {location.AbsolutePath}: {(int)read.StatusCode}");
    }

    /// <summary>The whole text of a problem (title, detail and every error message), to look for a rule's name.</summary>
    public static string TextOf(JsonNode problem) => problem.ToJsonString();

    public static List<string> Strings(JsonNode? array) =>
        array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCaseName();
}

/// <summary>Direct reads (and arrangements) on the fixture's SQLite file, for the stored effect of a call.</summary>
internal static class FixtureDatabase
{
    public static SqliteConnection Open(ServerFixture server)
    {
        var path = Path.Combine(server.Factory.DataDirectory, "identity.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static async Task<object?> ScalarAsync(ServerFixture server, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open(server);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    public static async Task<int> ExecuteAsync(ServerFixture server, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open(server);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Sign-ins through the hosted pages, for tokens and for "can this user still sign in".</summary>
internal static class HostedSignIn
{
    /// <summary>The authorization code flow with PKCE through the hosted login page; returns the token response.</summary>
    public static async Task<JsonNode> CodeFlowAsync(ServerFixture server, string tenant, string clientId, string? secret,
        string redirect, string email, string password, string scope)
    {
        var browser = server.NewBrowser();
        var verifier = BrowserSession.Verifier();
        var back = await browser.AuthorizeAsync(BrowserSession.AuthorizeUrl(tenant, clientId, redirect, verifier, scope), email, password);
        Assert.StartsWith(redirect, back.ToString());
        return await browser.RedeemAsync(tenant, clientId, secret, redirect, BrowserSession.CodeOf(back), verifier);
    }

    /// <summary>
    /// Starts the code flow in a new browser and submits the hosted login form: a redirect back into
    /// the flow means the sign-in was accepted; the login page again (200) means it was refused.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitLoginAsync(ServerFixture server, string tenant, string clientId,
        string redirect, string email, string password)
    {
        var browser = server.NewBrowser();
        var authorize = await browser.Http.GetAsync(BrowserSession.AuthorizeUrl(tenant, clientId, redirect, BrowserSession.Verifier(), "openid"));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var login = new Uri(browser.Http.BaseAddress!, authorize.Headers.Location!);
        Assert.EndsWith("/account/login", login.AbsolutePath);
        return await browser.SubmitLoginAsync(login, email, password);
    }

    public static async Task AssertSignInAcceptedAsync(ServerFixture server, string tenant, string clientId, string redirect, string email, string password)
    {
        var response = await SubmitLoginAsync(server, tenant, clientId, redirect, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in of {email} should be accepted, got {(int)response.StatusCode}");
        Assert.Contains("/connect/authorize", response.Headers.Location!.ToString());
    }

    public static async Task AssertSignInRefusedAsync(ServerFixture server, string tenant, string clientId, string redirect, string email, string password)
    {
        var response = await SubmitLoginAsync(server, tenant, clientId, redirect, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not right.", await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> RefreshAsync(ServerFixture server, string tenant, string clientId, string secret, string refreshToken) =>
        server.Api.TokenAsync(tenant, ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", clientId), ("client_secret", secret));
}
