using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>Speaks the contract over HTTP: tokens, the management API, discovery.</summary>
public sealed class Api(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public HttpClient Http => http;

    public Task<HttpResponseMessage> TokenAsync(string tenant, params (string Key, string Value)[] form) =>
        http.PostAsync($"/t/{tenant}/connect/token", new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value))));

    /// <summary>The token endpoint's answer to a client_credentials request, whatever it is.</summary>
    public Task<HttpResponseMessage> ClientCredentialsResponseAsync(string tenant, string clientId, string secret, string? scope = null)
    {
        var form = new List<(string, string)> { ("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret) };
        if (scope is not null) form.Add(("scope", scope));
        return TokenAsync(tenant, [.. form]);
    }

    /// <summary>A client_credentials access token; fails the test if the server refuses.</summary>
    public async Task<string> ClientCredentialsAsync(string tenant, string clientId, string secret, string? scope = null)
    {
        var response = await ClientCredentialsResponseAsync(tenant, clientId, secret, scope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"client_credentials at {tenant}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    public Task<string> PlatformTokenAsync() =>
        ClientCredentialsAsync("platform", "platform-automation", ServerFactory.AutomationSecret, "idp_admin");

    public async Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, "/api/v1" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await PlatformTokenAsync());
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body, options: Json);
        }
        return await http.SendAsync(request);
    }

    public async Task<JsonNode> CallOkAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        var response = await CallAsync(method, path, body, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    public async Task CreateTenantAsync(string slug) =>
        await CallOkAsync(HttpMethod.Post, "/tenants", new { slug, display_name = slug.ToUpperInvariant() });

    private static int _tenants;

    /// <summary>Creates a tenant of its own for a test, "{prefix}-{n}" with n new in this test run; returns its slug.</summary>
    public async Task<string> NewTenantAsync(string prefix)
    {
        var slug = $"{prefix}-{Interlocked.Increment(ref _tenants)}";
        await CreateTenantAsync(slug);
        return slug;
    }

    /// <summary>Creates a client; returns its secret (null for a public client).</summary>
    public async Task<string?> CreateClientAsync(string tenant, string clientId, string[] grants, string[]? scopes = null,
        string type = "confidential", string[]? redirectUris = null, string consent = "implicit", string[]? postLogout = null)
    {
        var created = await CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/clients", new
        {
            client_id = clientId,
            display_name = clientId,
            type,
            grant_types = grants,
            scopes = scopes ?? ["openid", "profile", "email", "phone", "offline_access"],
            redirect_uris = redirectUris ?? [],
            post_logout_redirect_uris = postLogout ?? [],
            consent,
        });
        return created["client_secret"]?.GetValue<string>();
    }

    public async Task<string> CreateUserAsync(string tenant, string email, string password, string[]? roles = null) =>
        (await CallOkAsync(HttpMethod.Post, $"/tenants/{tenant}/users", new
        {
            email,
            password,
            email_verified = true,
            given_name = "Test",
            family_name = "User",
            roles = roles ?? [],
        }))["id"]!.GetValue<string>();

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>
    /// An OAuth error answer (RFC 6749 5.2) with this error code, with one of <paramref name="statuses"/>
    /// (400, 401 or 403 when none is given).
    /// </summary>
    public static async Task AssertOAuthErrorAsync(HttpResponseMessage response, string error, params HttpStatusCode[] statuses)
    {
        var text = await response.Content.ReadAsStringAsync();
        HttpStatusCode[] allowed = statuses.Length > 0 ? statuses : [HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden];
        Assert.True(allowed.Contains(response.StatusCode), $"expected an OAuth error, got {(int)response.StatusCode}: {text}");
        Assert.Equal(error, JsonNode.Parse(text)!["error"]!.GetValue<string>());
    }
}
