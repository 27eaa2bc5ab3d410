using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityServer.Admin.Management;

/// <summary>An answer of the management API: the body when it succeeded, the problem's message and per-field errors when not.</summary>
public sealed record ApiResult(int Status, JsonNode? Body, string? Message, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>422: the change breaks a rule (P1-P5); the message names it.</summary>
    public bool Refused => Status == StatusCodes.Status422UnprocessableEntity;

    /// <summary>A refusal of the admin app itself, before any call: 400 with the message shown.</summary>
    public static ApiResult BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, null, message, new Dictionary<string, string[]>());

    public T? As<T>() => Body is null ? default : Body.Deserialize<T>(ManagementJson.Options);

    /// <summary>Every message the API gave, the first one first.</summary>
    public IEnumerable<string> Messages =>
        Errors.SelectMany(e => e.Value).DefaultIfEmpty(Message ?? $"The server answered {Status}.").Distinct();
}
