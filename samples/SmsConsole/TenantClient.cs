using System.Text.Json.Nodes;

namespace SmsConsole;

/// <summary>Form posts to the tenant's endpoints ({server}/t/{tenant}/...) with the client's id (and secret, for a confidential client).</summary>
public sealed class TenantClient(HttpClient http, Options options)
{
    public async Task<JsonNode> PostAsync(string path, (string Name, string Value)[] form, CancellationToken ct)
    {
        var fields = form.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("client_id", options.ClientId)).ToList();
        if (options.ClientSecret is not null)
        {
            fields.Add(KeyValuePair.Create("client_secret", options.ClientSecret));
        }
        using var response = await http.PostAsync(new Uri(options.Server, $"t/{options.Tenant}/{path}"), new FormUrlEncodedContent(fields), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonNode.Parse(body) ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException)
        {
            return new JsonObject { ["error"] = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), ["error_description"] = body };
        }
    }
}
