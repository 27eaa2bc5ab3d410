using IdentityServer.SmsSignIn;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityServer.Pages.Account.Sms;

/// <summary>What a person reads when a start is refused.</summary>
internal static class SmsPageMessages
{
    public static string For(SmsStartResult.Refused refused) => refused.Error switch
    {
        Errors.SlowDown => $"Too many codes were requested. Try again in {refused.RetryAfter} seconds.",
        Errors.TemporarilyUnavailable => "We could not send the text message. Please try again in a moment.",
        Errors.AccessDenied => "Sign-in by SMS is not available here.",
        _ => refused.Description,
    };
}
