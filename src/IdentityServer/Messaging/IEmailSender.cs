namespace IdentityServer.Messaging;

/// <summary>Sends one email: hands it to the durable send queue and answers Accepted once it is saved.</summary>
internal interface IEmailSender
{
    Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
