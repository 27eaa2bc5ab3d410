using System.Security.Cryptography;
using System.Text;

namespace IdentityServer.Messaging;

/// <summary>
/// Vonage's signed-webhook signature: the parameters except <c>sig</c>, sorted by name, each as
/// <c>&amp;key=value</c> with '&amp;' and '=' inside names and values replaced by '_'; then
/// md5hash = MD5(query + secret) in lowercase hex, or md5/sha1/sha256/sha512 = HMAC(secret, query)
/// in uppercase hex.
/// </summary>
internal static class VonageSignature
{
    public const string Parameter = "sig";

    public static string Compute(IEnumerable<KeyValuePair<string, string>> parameters, string secret, string method)
    {
        var query = new StringBuilder();
        foreach (var (key, value) in parameters.Where(p => p.Key != Parameter).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            query.Append('&').Append(Clean(key)).Append('=').Append(Clean(value));
        }
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        var input = Encoding.UTF8.GetBytes(query.ToString());
        // MD5 and SHA-1 are Vonage's choices (set in its dashboard), not ours.
        return method switch
        {
            "md5hash" => Convert.ToHexStringLower(MD5.HashData([.. input, .. secretBytes])),
            "md5" => Convert.ToHexString(HMACMD5.HashData(secretBytes, input)),
            "sha1" => Convert.ToHexString(HMACSHA1.HashData(secretBytes, input)),
            "sha256" => Convert.ToHexString(HMACSHA256.HashData(secretBytes, input)),
            "sha512" => Convert.ToHexString(HMACSHA512.HashData(secretBytes, input)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown Vonage signature method."),
        };
    }

    /// <summary>Compares in constant time, ignoring the hex case (md5hash is lowercase, the HMACs uppercase).</summary>
    public static bool Matches(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected.ToUpperInvariant()), Encoding.ASCII.GetBytes(actual.ToUpperInvariant()));

    private static string Clean(string text) => text.Replace('&', '_').Replace('=', '_');
}
