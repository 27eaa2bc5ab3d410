using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IdentityServer.Management;

/// <summary>
/// Issue 15 point 7: a body that is not the JSON asked for is explained in the contract's words —
/// the field by its JSON path (<c>sign_in.sms.code_length</c>) and what it must be ("a whole
/// number") — never by a .NET type name as System.Text.Json's own messages do.
/// </summary>
internal static partial class JsonBodyErrors
{
    [System.Text.RegularExpressions.GeneratedRegex("property '([^']*)'")]
    private static partial System.Text.RegularExpressions.Regex UnknownKey();

    /// <summary>The field (dotted, "body" for the whole document) and a message for a failed read of <paramref name="target"/>.</summary>
    public static (string Field, string Message) Describe(JsonException error, Type target, JsonSerializerOptions options)
    {
        var segments = Segments(error.Path);
        var field = segments.Count == 0 ? "body" : string.Join('.', segments.Select(s => s.Name));
        if (error.InnerException is JsonException || error.GetType() != typeof(JsonException))
        {
            // The reader's own error: not JSON at all, or cut short.
            var where = error.LineNumber is { } line ? $" (line {line + 1}, position {(error.BytePositionInLine ?? 0) + 1})" : "";
            return (field, $"The request body is not valid JSON{where}{(segments.Count == 0 ? "" : $" near '{field}'")}.");
        }
        // UnmappedMemberHandling.Disallow: the message names the unknown key (and a .NET type, which is not repeated).
        if (error.Message.Contains("could not be mapped", StringComparison.Ordinal)
            && UnknownKey().Match(error.Message) is { Success: true } unknown)
        {
            var key = unknown.Groups[1].Value;
            var full = segments.Count > 0 && segments[^1].Name == key ? field : segments.Count == 0 ? key : field + "." + key;
            return (full, $"'{full}' is not a known field here.");
        }
        var type = target;
        for (var i = 0; i < segments.Count; i++)
        {
            var property = Property(type, segments[i].Name, options);
            if (property is null)
            {
                return (field, $"'{field}' is not a known field here.");
            }
            // Inside a list item, go on with the item's type; at the end, say what the whole field must be.
            type = segments[i].Indexed && i < segments.Count - 1 ? ElementType(property.PropertyType) ?? property.PropertyType : property.PropertyType;
        }
        return segments.Count == 0
            ? (field, $"The request body must be {Words(type)}.")
            : (field, $"'{field}' must be {Words(type)}.");
    }

    /// <summary>A type as the contract says it: "a whole number", "true or false", "one of off, optional, required".</summary>
    public static string Words(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint)) return "a whole number";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "a number";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "a date and time (ISO 8601)";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        if (ElementType(type) is { } element) return $"a list of {Plural(Words(element))}";
        return "an object";
    }

    private static string Plural(string words) => words switch
    {
        "a string" => "strings",
        "a whole number" => "whole numbers",
        "an object" => "objects",
        _ => "values that are " + words,
    };

    private static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static PropertyInfo? Property(Type type, string jsonName, JsonSerializerOptions options) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p =>
            (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? options.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name) == jsonName);

    // "$.sign_in.sms['code_length'].x[0]" -> (sign_in, false), (sms, false), (code_length, false), (x, true)
    private static List<(string Name, bool Indexed)> Segments(string? path)
    {
        var segments = new List<(string Name, bool Indexed)>();
        if (string.IsNullOrEmpty(path))
        {
            return segments;
        }
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 1)..end], false));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add((path[(i + 2)..end], false));
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                if (segments.Count > 0)
                {
                    segments[^1] = (segments[^1].Name, true);
                }
                var end = path.IndexOf(']', i);
                i = end < 0 ? path.Length : end + 1;
            }
            else
            {
                i++;
            }
        }
        return segments;
    }
}
