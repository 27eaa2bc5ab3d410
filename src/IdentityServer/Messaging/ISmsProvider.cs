namespace IdentityServer.Messaging;

/// <summary>
/// The SMS provider itself (VonageSmsSender in production, OutboxSmsSender in development), called by
/// the send queue's drainer only. Everything else sends through <see cref="ISmsSender"/> (the queue).
/// </summary>
internal interface ISmsProvider
{
    Task<SmsDeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}
