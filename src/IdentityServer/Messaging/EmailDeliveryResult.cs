namespace IdentityServer.Messaging;

/// <summary>What the provider said: accepted (with the Message-Id), or failed, transiently or for good.</summary>
internal sealed record EmailDeliveryResult(bool Accepted, string? MessageId, bool Transient, string? Error)
{
    public static EmailDeliveryResult Sent(string? messageId) => new(true, messageId, false, null);

    public static EmailDeliveryResult Failed(string error, bool transient) => new(false, null, transient, error);
}
