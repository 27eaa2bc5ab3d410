using IdentityServer.Data;
using IdentityServer.Mfa;

namespace IdentityServer.SmsSignIn;

/// <summary>A verified code: who signed in, whether this sign-in created them, and what the policy engine decided.</summary>
internal sealed record SmsCompletion(PlatformUser? User, bool Created, MfaDecision? Decision, string? Error)
{
    public static SmsCompletion Failed(string error) => new(null, false, null, error);
}
