using System.Globalization;
using Microsoft.Extensions.Options;

namespace IdentityServer.Messaging;

/// <summary>
/// Checks a delivery receipt's signature when Sms__Vonage__SignatureSecret is set: a valid
/// <c>sig</c> over the parameters and a <c>timestamp</c> at most five minutes from now (replays).
/// </summary>
internal sealed class VonageReceiptVerifier(IOptions<VonageOptions> options, TimeProvider time)
{
    public static readonly TimeSpan MaxClockDistance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the receipt may be recorded; otherwise why it is refused.</summary>
    public string? Refusal(IReadOnlyDictionary<string, string> parameters)
    {
        var vonage = options.Value;
        if (string.IsNullOrEmpty(vonage.SignatureSecret))
        {
            return null;
        }
        if (!parameters.TryGetValue(VonageSignature.Parameter, out var sig) || sig.Length == 0)
        {
            return "the signature is missing";
        }
        if (!VonageSignature.Matches(VonageSignature.Compute(parameters, vonage.SignatureSecret, vonage.SignatureMethod), sig))
        {
            return "the signature is invalid";
        }
        // The timestamp is signed with the rest; an old one is a replay.
        if (!parameters.TryGetValue("timestamp", out var stamp)
            || !long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return "the timestamp is missing";
        }
        return (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > MaxClockDistance
            ? "the timestamp is more than 5 minutes away"
            : null;
    }
}
