using System.Security.Cryptography;
using System.Text;
using IdentityServer.Keys;
using Microsoft.IdentityModel.Tokens;

namespace IdentityServer.CodeDelivery;

/// <summary>Code generation and keyed hashing (SPEC 4.2): CSPRNG digits, HMAC-SHA256 at rest, constant-time compare.</summary>
internal sealed class OneTimeCodes(KeyRing keys)
{
    public static string NewCode(int length)
    {
        var digits = new char[length];
        for (var i = 0; i < length; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }
        return new string(digits);
    }

    public static string NewId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>Bound to the code's id, so a hash copied to another row does not match there.</summary>
    public string Hash(string otpId, string code) => Hash(keys.CodeHashKey, otpId, code);

    private static string Hash(byte[] key, string otpId, string code) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(otpId + ":" + code)));

    /// <summary>Tried with every code-hash key still accepted: a code sent just before a key rotation still matches.</summary>
    public bool Matches(string otpId, string code, string storedHash)
    {
        var expected = Encoding.ASCII.GetBytes(storedHash);
        var matched = false;
        foreach (var key in keys.CodeHashKeys)
        {
            matched |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key, otpId, code)), expected);
        }
        return matched;
    }

    /// <summary>A stable, keyed pseudonym of the client IP for the per-IP limit (no raw IPs stored).</summary>
    public string HashIp(string ip) =>
        Convert.ToHexString(HMACSHA256.HashData(keys.CodeHashKey, Encoding.UTF8.GetBytes("ip:" + ip)))[..32];
}
