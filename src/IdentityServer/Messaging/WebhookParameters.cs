using System.Text.Json;

namespace IdentityServer.Messaging;

/// <summary>
/// A webhook's parameters as Vonage sends them: in the query string, a form body or a flat JSON
/// object, or both a query and a body. A name given twice is ambiguous and refused.
/// </summary>
internal sealed record WebhookParameters(IReadOnlyDictionary<string, string>? Values, string? Error)
{
    private const int MaxParameters = 64;

    public static async Task<WebhookParameters> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var error = AddAll(values, request.Query.Select(q => (q.Key, q.Value.Count == 1 ? q.Value[0] : null)));
        if (error is null && request.HasFormContentType)
        {
            error = await ReadFormAsync(request, values, ct);
        }
        else if (error is null && request.HasJsonContentType())
        {
            error = await ReadJsonAsync(request, values, ct);
        }
        else if (error is null && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            error = "The body must be form-encoded or JSON.";
        }
        return error is null ? new(values, null) : new(null, error);
    }

    private static async Task<string?> ReadFormAsync(HttpRequest request, Dictionary<string, string> values, CancellationToken ct)
    {
        try
        {
            var form = await request.ReadFormAsync(ct);
            return form.Files.Count > 0
                ? "Files are not accepted."
                : AddAll(values, form.Select(f => (f.Key, f.Value.Count == 1 ? f.Value[0] : null)));
        }
        catch (InvalidDataException)
        {
            return "The form could not be read.";
        }
    }

    private static async Task<string?> ReadJsonAsync(HttpRequest request, Dictionary<string, string> values, CancellationToken ct)
    {
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, default, ct);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "The JSON body must be an object.";
            }
            return AddAll(values, json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                _ => null,
            })));
        }
        catch (JsonException)
        {
            return "The JSON body could not be read.";
        }
    }

    private static string? AddAll(Dictionary<string, string> values, IEnumerable<(string Key, string? Value)> parameters)
    {
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                return $"The parameter '{Short(key)}' must be given once, as text.";
            }
            if (!values.TryAdd(key, value))
            {
                return $"The parameter '{Short(key)}' is given twice.";
            }
            if (values.Count > MaxParameters)
            {
                return "Too many parameters.";
            }
        }
        return null;
    }

    private static string Short(string key) => key.Length > 40 ? key[..40] : key;
}
