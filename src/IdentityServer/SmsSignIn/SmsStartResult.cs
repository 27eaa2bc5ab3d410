using IdentityServer.Operations;
namespace IdentityServer.SmsSignIn;

/// <summary>The 200 answer (same shape whether or not the phone is known), or an OAuth error.</summary>
internal abstract record SmsStartResult
{
    public sealed record Started(string OtpId, int ExpiresIn, int ResendAfter, int CodeLength) : SmsStartResult;

    public sealed record Refused(int Status, string Error, string Description, int? RetryAfter = null) : SmsStartResult
    {
        public static Refused Of(OAuthError error, int? retryAfter = null) => new(error.Status, error.Error, error.Description, retryAfter);
    }
}
