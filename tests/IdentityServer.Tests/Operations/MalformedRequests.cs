using System.Collections.Concurrent;
using System.Text;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Operations;

/// <summary>One generated request, kept as data so that a failure can print it exactly.</summary>
public sealed record MalformedRequest(
    string Family, int Seed, int Index, HttpMethod Method, string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, byte[]? Body, bool SignedIn)
{
    public const string CaseHeader = "X-Malformed-Case";

    public string Case => $"{Family}/{Seed}/{Index}";

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, new Uri(Target, UriKind.Relative));
        message.Headers.TryAddWithoutValidation(CaseHeader, Case);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null || ContentType is not null)
        {
            message.Content = new ByteArrayContent(Body ?? []);
            message.Content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return message;
    }

    /// <summary>The request as it was sent: method, target, headers and body, with bytes outside printable ASCII escaped.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Method.Method).Append(' ').AppendLine(Shorten(Target, 3000));
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").AppendLine(Shorten(Escape(Encoding.UTF8.GetBytes(value)), 600));
        }
        text.AppendLine(ContentType is null ? "(no Content-Type)" : "Content-Type: " + Escape(Encoding.UTF8.GetBytes(ContentType)));
        text.Append(Body is null ? "(no body)" : $"Body, {Body.Length} bytes: ").AppendLine(Body is null ? "" : Shorten(Escape(Body), 3000));
        text.Append("Cookie of a signed-in user of tenant fuzz: ").AppendLine(SignedIn ? "yes" : "no");
        text.Append(Seed == 0 ? $"Case {Family}" : $"Regenerate with seed {Seed}, request #{Index} of {Family}");
        return text.ToString();
    }

    private static string Shorten(string value, int max) =>
        value.Length <= max ? value : value[..max] + $"… [{value.Length - max} more characters]";

    private static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F && b != '\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        }
        return text.ToString();
    }
}

/// <summary>
/// The test server, recording the exception behind every 5xx (and every exception that escapes
/// the pipeline) by the case header of the request, so a failure report carries the server's stack trace.
/// </summary>
public sealed class RecordingServerFactory : ServerFactory
{
    public ConcurrentDictionary<string, string> ServerErrors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RecordingStartupFilter(ServerErrors)));
    }

    private sealed class RecordingStartupFilter(ConcurrentDictionary<string, string> errors) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, inner) =>
            {
                var id = http.Request.Headers[MalformedRequest.CaseHeader].ToString();
                try
                {
                    await inner(http);
                }
                catch (Exception e)
                {
                    errors[id] = "escaped the pipeline: " + e;
                    throw;
                }
                if (http.Response.StatusCode >= 500)
                {
                    errors[id] = http.Features.Get<IExceptionHandlerFeature>()?.Error.ToString()
                        ?? $"status {http.Response.StatusCode} without an exception";
                }
            });
            next(app);
        };
    }
}

/// <summary>Values and encodings for malformed requests; every choice comes from the seeded <see cref="Random"/>.</summary>
public static class Malformed
{
    private static readonly string[] NonAscii =
    [
        "ünïcødé", "用户名", "🔑🔑", "مرحبا", "\u202Eevil", "e\u0301\u0301\u0301", "\uFEFFbom", "Ⅻ", "ǅ", "ß", "İı", "\uD800", "\uDFFF",
        "\u00A0nbsp", "\u2028line", "ﬀ", "Ω",
    ];

    private static readonly string[] Tricky =
    [
        "' OR 1=1 --", "\"; DROP TABLE Tenants; --", "../../../../etc/passwd", "<script>alert(1)</script>", "%00", "%252e%252e",
        "{\"a\":1}", "[]", "null", "undefined", "${jndi:ldap://x/a}", "{{7*7}}", "\\", "\\u0000", "a b", "a+b", "a&b=c", "=", "&", "?",
        "#frag", "/", "//evil.example", "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "http://", "https://[::1",
        "*", "%", "%%", "%zz", "+", "\t", " ", "  lead", "trail  ",
    ];

    private static readonly string[] Numbers =
    [
        "-1", "0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "99999999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "1.5", "0x10", "1_000", "٣", "０",
    ];

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public static bool Chance(this Random rng, double p) => rng.NextDouble() < p;

    public static string Ascii(Random rng, int min, int max)
    {
        var chars = new char[rng.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)rng.Next(0x21, 0x7F);
        }
        return new string(chars);
    }

    public static string Alnum(Random rng, int min, int max)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[rng.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    /// <summary>1 kB to ~20 kB: one repeated character, random printable ASCII or repeated non-ASCII.</summary>
    public static string Huge(Random rng)
    {
        var length = rng.Next(1_000, 20_001);
        return rng.Next(3) switch
        {
            0 => new string((char)rng.Next('a', 'z' + 1), length),
            1 => Ascii(rng, length, length),
            _ => string.Concat(Enumerable.Repeat(rng.Pick(NonAscii), length / 8)),
        };
    }

    public static string PrintableAscii(string value) =>
        string.Concat(value.Select(c => c is >= ' ' and < '\u007F' ? c : '?'));

    public static string Control(Random rng) => rng.Next(4) switch
    {
        0 => "abc\0def",
        1 => "\0",
        2 => new string((char)rng.Next(0, 0x20), rng.Next(1, 5)),
        _ => "a\r\nb\u0007\u001B[31m",
    };

    /// <summary>A value for a parameter: often a plausible one, otherwise empty, huge, non-ASCII, NUL, control, tricky or numeric.</summary>
    public static string Value(Random rng, params string[] plausible)
    {
        var roll = rng.Next(plausible.Length > 0 ? 16 : 11);
        return roll switch
        {
            0 => "",
            1 => Ascii(rng, 1, 40),
            2 => Huge(rng),
            3 => rng.Pick(NonAscii),
            4 => Control(rng),
            5 => rng.Pick(Tricky),
            6 => rng.Pick(Numbers),
            7 => rng.Pick(NonAscii) + Ascii(rng, 0, 10) + "\0",
            8 => Alnum(rng, 1, 12),
            9 => rng.Pick(Tricky) + rng.Pick(NonAscii),
            10 => plausible.Length > 0 ? rng.Pick(plausible) + rng.Pick(Tricky) : Ascii(rng, 41, 300),
            _ => rng.Pick(plausible),
        };
    }

    /// <summary>The bytes of application/x-www-form-urlencoded, mostly well encoded, sometimes raw or with broken escapes.</summary>
    public static byte[] Form(Random rng, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var bytes = new List<byte>();
        foreach (var (key, value) in fields)
        {
            if (bytes.Count > 0)
            {
                bytes.Add((byte)'&');
            }
            bytes.AddRange(Encode(rng, key));
            if (!rng.Chance(0.02))
            {
                bytes.Add((byte)'=');
                bytes.AddRange(Encode(rng, value));
            }
        }
        return [.. bytes];
    }

    /// <summary>A query string (with '?'), percent-encoded so that the URI stays valid; some escapes are broken on purpose.</summary>
    public static string Query(Random rng, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var parts = fields.Select(f => Percent(f.Key) + "=" + Percent(f.Value) + (rng.Chance(0.03) ? rng.Pick(BrokenEscapes) : "")).ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static readonly string[] BrokenEscapes = ["%", "%G1", "%E2%82", "%FF%FE", "%C0%80", "%ED%A0%80", "%u0041"];

    private static byte[] Encode(Random rng, string value) => rng.Next(40) switch
    {
        0 => Encoding.UTF8.GetBytes(value), // raw: '&', '=' and non-ASCII unencoded
        1 => Encoding.ASCII.GetBytes(Percent(value) + rng.Pick(BrokenEscapes)),
        2 => Encoding.Latin1.GetBytes(value.Replace(' ', '+')), // not UTF-8
        _ => Encoding.ASCII.GetBytes(Percent(value)),
    };

    private static string Percent(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2"));
            }
        }
        return text.ToString();
    }

    public static string Basic(string id, string secret) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + secret));

    /// <summary>A JSON text nested <paramref name="depth"/> levels deep.</summary>
    public static string Nested(Random rng, int depth) => rng.Next(3) switch
    {
        0 => new string('[', depth) + new string(']', depth),
        1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
        _ => new string('[', depth), // unterminated
    };
}
