using Microsoft.AspNetCore.WebUtilities;

namespace IdentityServer.Account;

/// <summary>Reads the client of the authorization request a hosted page will return to, and keeps return URLs inside the tenant.</summary>
internal static class ReturnUrls
{
    public const string AccountClient = "account";

    public static string ClientIdOf(string? returnUrl)
    {
        var query = returnUrl?.IndexOf('?') is int i and >= 0 ? returnUrl[i..] : "";
        return QueryHelpers.ParseQuery(query).TryGetValue("client_id", out var id) && id.ToString().Length is > 0 and <= 100
            ? id.ToString() : AccountClient;
    }

    public static string Safe(HttpRequest request, string? returnUrl)
    {
        var prefix = request.PathBase.Value + "/";
        return returnUrl is not null && returnUrl.StartsWith(prefix, StringComparison.Ordinal)
            && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\')
            ? returnUrl : prefix + "account/signed-in";
    }
}
