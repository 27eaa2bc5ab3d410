using System.Text.Json;
using System.Text.RegularExpressions;

namespace IdentityServer.Messaging;

/// <summary>
/// What one call to Vonage's SMS API came to. The JSON answer lists one entry per SMS part, each
/// with a string <c>status</c> ("0" = accepted), a <c>message-id</c> or an <c>error-text</c>.
/// </summary>
internal abstract partial record VonageSendAnswer
{
    // SPEC 4.4: 1 throttled, 5 internal error, 10 too many binds; every other status is permanent.
    private static readonly string[] TransientStatuses = ["1", "5", "10"];

    public sealed record Accepted(string? MessageId) : VonageSendAnswer;

    public sealed record Refused(string Status, string ErrorText, bool Transient) : VonageSendAnswer;

    /// <summary>No usable answer: an HTTP failure, a timeout, or a body that is not Vonage's JSON.</summary>
    public sealed record Unusable(string Error, bool Transient) : VonageSendAnswer;

    public static VonageSendAnswer Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("messages", out var messages)
                || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                return Malformed;
            }
            Refused? transient = null;
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object || Text(message, "status") is not { Length: > 0 } status)
                {
                    return Malformed;
                }
                if (status == "0")
                {
                    continue;
                }
                var refused = new Refused(status, Mask(Text(message, "error-text") ?? ""), TransientStatuses.Contains(status));
                // A permanent refusal of any part decides: retrying would not help.
                if (!refused.Transient)
                {
                    return refused;
                }
                transient ??= refused;
            }
            return transient ?? (VonageSendAnswer)new Accepted(Text(messages[0], "message-id"));
        }
        catch (JsonException)
        {
            return Malformed;
        }
    }

    private static Unusable Malformed => new("Vonage's answer could not be read.", Transient: true);

    // Vonage documents strings; a number is tolerated.
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    // An error text may quote the number: digits runs are hidden before it reaches a log.
    private static string Mask(string text) => LongDigits().Replace(text.Length > 200 ? text[..200] : text, "***");

    [GeneratedRegex(@"\+?\d{6,}")]
    private static partial Regex LongDigits();
}
