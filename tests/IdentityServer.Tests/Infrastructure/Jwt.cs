using System.Text.Json.Nodes;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>Reads a JWT's payload as JSON (no validation: the tests that validate use IdentityModel).</summary>
public static class Jwt
{
    public static JsonNode Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=')))!;
    }

    public static string[] Amr(string jwt) => Payload(jwt)["amr"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
}
