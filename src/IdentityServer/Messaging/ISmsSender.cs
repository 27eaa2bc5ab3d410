namespace IdentityServer.Messaging;

/// <summary>
/// Sends one SMS: hands it to the durable send queue (SPEC 4.1) and answers at once, Accepted once
/// the message is saved, or a transient failure while the provider's circuit is open.
/// </summary>
internal interface ISmsSender
{
    Task<SmsDeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}
