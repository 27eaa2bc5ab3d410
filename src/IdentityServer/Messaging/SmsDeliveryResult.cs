namespace IdentityServer.Messaging;

/// <summary>What the provider said: accepted (with its message id), or failed, transiently or for good.</summary>
internal sealed record SmsDeliveryResult(bool Accepted, string? MessageId, bool Transient, string? Error)
{
    public static SmsDeliveryResult Sent(string? messageId) => new(true, messageId, false, null);

    public static SmsDeliveryResult Failed(string error, bool transient) => new(false, null, transient, error);
}
