using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityServer.Tests.Infrastructure;

namespace IdentityServer.Tests.Management;

/// <summary>
/// Issue 13 point 6: the OpenAPI document describes the management API completely — every
/// response of every operation, every path and query parameter, the bearer security scheme —
/// and Development serves an interactive reference (Scalar) over it.
/// </summary>
public sealed partial class ManagementOpenApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<JsonNode> DocumentAsync()
    {
        using var response = await server.Api.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> ManagementOperations(JsonNode document) =>
        document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject()
                .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    [Fact]
    public async Task TheBearerScheme_IsDeclared_AndRequiredByEveryManagementOperation()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        var operations = ManagementOperations(document).ToList();
        Assert.True(operations.Count >= 25, $"only {operations.Count} management operations in the document");
        foreach (var (path, method, operation) in operations)
        {
            var security = operation["security"]?.AsArray();
            Assert.True(security is { Count: > 0 } && security.Any(r => r!.AsObject().ContainsKey("bearer")), $"{method} {path} has no bearer requirement");
        }
    }

    [Fact]
    public async Task EveryOperation_ListsItsErrors_NotOnly200()
    {
        var document = await DocumentAsync();
        foreach (var (path, method, operation) in ManagementOperations(document))
        {
            var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            Assert.Contains("401", statuses);
            Assert.True(statuses.Any(s => s.StartsWith('2')), $"{method} {path} lists no success: {string.Join(',', statuses)}");
            Assert.True(statuses.Count(s => s.StartsWith('4')) >= 2, $"{method} {path} lists too few errors: {string.Join(',', statuses)}");
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('4') && r.Key != "401"))
            {
                Assert.True(response!["content"]?["application/problem+json"] is not null, $"{method} {path} {status} is not described as problem+json");
            }
        }
    }

    [Theory]
    [InlineData("/api/v1/tenants/{slug}/users", "post", "201,400,401,403,404,409,422")]
    [InlineData("/api/v1/tenants/{slug}/users/{id}", "put", "200,400,401,403,404,409,422")]
    [InlineData("/api/v1/tenants/{slug}/users/{id}/phone", "post", "200,400,401,403,404,409,422,429,503")]
    [InlineData("/api/v1/tenants/{slug}/clients", "post", "201,400,401,403,404,409,422")]
    [InlineData("/api/v1/tenants/{slug}/settings", "patch", "200,400,401,403,404,415,422")]
    [InlineData("/api/v1/tenants", "post", "201,400,401,403,409,422")]
    [InlineData("/api/v1/tenants/{slug}/audit", "get", "200,400,401,403,404")]
    public async Task AnOperation_ListsEachOfItsAnswers(string path, string method, string expected)
    {
        var document = await DocumentAsync();
        var statuses = document["paths"]![path]![method]!["responses"]!.AsObject().Select(r => r.Key).ToHashSet();
        foreach (var status in expected.Split(','))
        {
            Assert.True(statuses.Contains(status), $"{method} {path} does not list {status}: {string.Join(',', statuses)}");
        }
    }

    [Fact]
    public async Task EveryPathParameter_IsDeclared_OnEveryOperation()
    {
        var document = await DocumentAsync();
        foreach (var (path, method, operation) in ManagementOperations(document))
        {
            var declared = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "path")
                .Select(p => p!["name"]!.GetValue<string>()).ToHashSet();
            foreach (Match name in PathParameter().Matches(path))
            {
                Assert.True(declared.Contains(name.Groups[1].Value), $"{method} {path} does not declare {{{name.Groups[1].Value}}}");
            }
        }
    }

    [Theory]
    [InlineData("/api/v1/tenants", "page,page_size")]
    [InlineData("/api/v1/tenants/{slug}/users", "page,page_size,search")]
    [InlineData("/api/v1/tenants/{slug}/clients", "page,page_size")]
    [InlineData("/api/v1/tenants/{slug}/audit", "page,page_size,actor,action,from,to")]
    [InlineData("/api/v1/tenants/{slug}/audit/export", "actor,action,from,to,format")]
    public async Task ListQueryParameters_AreDeclared_WithADescription(string path, string names)
    {
        var document = await DocumentAsync();
        var query = document["paths"]![path]!["get"]!["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query")
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        foreach (var name in names.Split(','))
        {
            Assert.True(query.TryGetValue(name, out var parameter), $"GET {path} does not declare ?{name}");
            Assert.False(string.IsNullOrWhiteSpace(parameter!["description"]?.GetValue<string>()), $"?{name} of {path} has no description");
        }
    }

    [Fact]
    public async Task TheInteractiveReference_IsServedInDevelopment()
    {
        using var response = await server.Api.Http.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", page);
        // Its own (Development-only) policy lets the page's inline start-up script run; nothing from outside.
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("'unsafe-inline'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        using var script = await server.Api.Http.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [GeneratedRegex(@"\{([A-Za-z_]+)\}")]
    private static partial Regex PathParameter();
}
