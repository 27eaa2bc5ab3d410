namespace IdentityServer.Messaging;

/// <summary>Sends one SMS. Implementations: VonageSmsSender (production), OutboxSmsSender (development).</summary>
public interface ISmsSender
{
    Task<SmsDeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}
