using System.Security.Cryptography;
using System.Text;
using IdentityServer.Data;
using IdentityServer.Keys;

namespace IdentityServer.Mfa;

/// <summary>
/// Ten one-time backup codes (SPEC 5): shown once, stored as keyed hashes, each removed when used.
/// A fallback beside a real factor, never a factor on its own (the policy engine sees to that).
/// </summary>
internal sealed class RecoveryCodes(KeyRing keys)
{
    public const int Count = 10;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>Replaces the user's codes with ten new ones and returns them, for showing once.</summary>
    public IReadOnlyList<string> Regenerate(PlatformUser user)
    {
        var codes = Enumerable.Range(0, Count).Select(_ => NewCode()).ToList();
        user.RecoveryCodeHashes = string.Join(' ', codes.Select(c => Hash(keys.CodeHashKey, user.Id, c)));
        return codes;
    }

    /// <summary>Removes and accepts the code when it is one of the user's unused codes.</summary>
    public bool TryUse(PlatformUser user, string? code)
    {
        var normalised = code?.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (normalised is not { Length: 9 } || string.IsNullOrEmpty(user.RecoveryCodeHashes))
        {
            return false;
        }
        // Codes made before a rotation of the code-hash key are hashed with an older key: every accepted key is tried.
        var hashes = keys.CodeHashKeys.Select(key => Hash(key, user.Id, normalised)).ToList();
        var stored = user.RecoveryCodeHashes.Split(' ').ToList();
        var match = stored.FirstOrDefault(s => hashes.Any(hash => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(hash))));
        if (match is null)
        {
            return false;
        }
        stored.Remove(match);
        user.RecoveryCodeHashes = stored.Count == 0 ? null : string.Join(' ', stored);
        return true;
    }

    private static string NewCode()
    {
        var chars = Enumerable.Range(0, 8).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray();
        return new string(chars, 0, 4) + "-" + new string(chars, 4, 4);
    }

    private static string Hash(byte[] key, string userId, string code) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("recovery:" + userId + ":" + code)))[..32];
}
