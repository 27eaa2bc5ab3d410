using System.Globalization;

namespace IdentityServer.Oidc;

/// <summary>
/// The one home of secret rotation's grace period (SPEC 7, POST clients/{client_id}/secret): after a
/// rotation the client's previous secret hash and the instant it stops being accepted live in the
/// application's settings, next to the new secret. Every client-secret check asks
/// <see cref="PreviousSecret"/> when the current secret did not match.
/// </summary>
internal static class ClientSecretRotation
{
    /// <summary>The longest grace period an admin may choose: 7 days.</summary>
    public const int MaxGracePeriodSeconds = 604_800;

    private const string HashSetting = "previous_client_secret";
    private const string ExpirySetting = "previous_client_secret_expires_at";

    /// <summary>The previous secret's stored hash while its grace period runs (expiry strictly in the future), else null.</summary>
    public static string? PreviousSecret(IReadOnlyDictionary<string, string> settings, DateTimeOffset now) =>
        settings.TryGetValue(HashSetting, out var hash) && ExpiresAt(settings) is { } until && now < until ? hash : null;

    /// <summary>Until when the previous secret is accepted; null when there is none.</summary>
    public static DateTimeOffset? ExpiresAt(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(ExpirySetting, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until) ? until : null;

    /// <summary>Keeps <paramref name="previousHash"/> accepted until <paramref name="until"/>; a zero grace period keeps nothing.</summary>
    public static void KeepPrevious(IDictionary<string, string> settings, string? previousHash, DateTimeOffset now, DateTimeOffset until)
    {
        settings.Remove(HashSetting);
        settings.Remove(ExpirySetting);
        if (previousHash is not null && until > now)
        {
            settings[HashSetting] = previousHash;
            settings[ExpirySetting] = until.ToString("O", CultureInfo.InvariantCulture);
        }
    }
}
