namespace IdentityServer.Messaging;

/// <summary>The email provider itself (SmtpEmailSender, OutboxEmailSender), called by the send queue's drainer only.</summary>
internal interface IEmailProvider
{
    Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
