using System.Text.RegularExpressions;

namespace IdentityServer.Admin.Tests;

/// <summary>
/// A page must never carry a token. A JWT (signed or encrypted) is a base64url JSON header,
/// "eyJ…", followed by a dot and further segments; a bare "eyJ" inside a random antiforgery
/// token is not one (that chance match once failed CI).
/// </summary>
internal static partial class NoTokens
{
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.")]
    private static partial Regex Jwt();

    public static void In(string html, string where = "page")
    {
        var match = Jwt().Match(html);
        Assert.False(match.Success, $"{where} carries a token: {(match.Success ? match.Value[..Math.Min(40, match.Value.Length)] : "")}");
    }
}
