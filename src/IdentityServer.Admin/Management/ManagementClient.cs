using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdentityServer.Admin.SignIn;
using Microsoft.AspNetCore.Authentication;

namespace IdentityServer.Admin.Management;

/// <summary>
/// Calls /api/v1 of the server as the signed-in admin: the access token is read from the tenant's
/// cookie for each call and never leaves this app's server side.
/// </summary>
public sealed class ManagementClient(HttpClient http, IHttpContextAccessor accessor)
{
    public Task<ApiResult> GetAsync(string tenant, string path, CancellationToken ct) =>
        SendAsync(tenant, HttpMethod.Get, path, null, ct);

    public Task<ApiResult> PostAsync(string tenant, string path, object? body, CancellationToken ct) =>
        SendAsync(tenant, HttpMethod.Post, path, body, ct);

    public Task<ApiResult> PutAsync(string tenant, string path, object body, CancellationToken ct) =>
        SendAsync(tenant, HttpMethod.Put, path, body, ct);

    public Task<ApiResult> PatchAsync(string tenant, string path, object body, CancellationToken ct) =>
        SendAsync(tenant, HttpMethod.Patch, path, body, ct);

    public Task<ApiResult> DeleteAsync(string tenant, string path, CancellationToken ct) =>
        SendAsync(tenant, HttpMethod.Delete, path, null, ct);

    /// <summary>
    /// A GET whose answer is passed on as it comes (the audit export): the caller streams and disposes it.
    /// </summary>
    public async Task<HttpResponseMessage> StreamAsync(string tenant, string path, CancellationToken ct)
    {
        using var request = await RequestAsync(tenant, HttpMethod.Get, $"api/v1/tenants/{Uri.EscapeDataString(tenant)}{path}");
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>
    /// The platform resource /api/v1/tenants{path} (list, create, disable, enable), called with the
    /// token of the signed-in platform admin of tenant platform; the server checks the role again.
    /// </summary>
    public Task<ApiResult> TenantsGetAsync(string path, CancellationToken ct) =>
        SendRawAsync(AdminRoles.PlatformTenant, HttpMethod.Get, "api/v1/tenants" + path, null, ct);

    public Task<ApiResult> TenantsPostAsync(string path, object? body, CancellationToken ct) =>
        SendRawAsync(AdminRoles.PlatformTenant, HttpMethod.Post, "api/v1/tenants" + path, body, ct);

    /// <summary>The path is relative to /api/v1/tenants/{tenant}; the tenant is always the one of the page's URL.</summary>
    private Task<ApiResult> SendAsync(string tenant, HttpMethod method, string path, object? body, CancellationToken ct) =>
        SendRawAsync(tenant, method, $"api/v1/tenants/{Uri.EscapeDataString(tenant)}{path}", body, ct);

    /// <summary>Calls a path of the server with the access token of the admin's session serving that tenant.</summary>
    private async Task<ApiResult> SendRawAsync(string tenant, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = await RequestAsync(tenant, method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ManagementJson.Options);
        }
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var json = text.Length > 0 && IsJson(response) ? JsonNode.Parse(text) : null;
        if (response.IsSuccessStatusCode)
        {
            return new ApiResult((int)response.StatusCode, json, null, new Dictionary<string, string[]>());
        }
        return new ApiResult((int)response.StatusCode, json, json?["detail"]?.GetValue<string>() ?? json?["title"]?.GetValue<string>(), ErrorsOf(json));
    }

    private async Task<HttpRequestMessage> RequestAsync(string tenant, HttpMethod method, string path)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("The management API is called from a request.");
        // The admin's session: the tenant's own, or tenant platform's for a platform admin (the gate chose it).
        var session = tenant == AdminRoles.PlatformTenant ? tenant : AdminTenant.SessionOf(context) ?? tenant;
        var token = await context.GetTokenAsync(TenantSchemes.Cookie(session), "access_token")
            ?? throw new InvalidOperationException("The admin's session has no access token.");
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && type.EndsWith("json", StringComparison.Ordinal);

    private static Dictionary<string, string[]> ErrorsOf(JsonNode? problem) =>
        problem?["errors"] is JsonObject errors
            ? errors.ToDictionary(e => e.Key, e => e.Value is JsonArray a ? a.Select(m => m?.GetValue<string>() ?? "").ToArray() : [])
            : new Dictionary<string, string[]>();
}
