namespace IdentityServer.Messaging;

/// <summary>Sends one email. Implementations: SmtpEmailSender (production), OutboxEmailSender (development).</summary>
public interface IEmailSender
{
    Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
