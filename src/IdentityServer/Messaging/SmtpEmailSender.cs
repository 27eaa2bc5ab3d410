using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IdentityServer.Messaging;

/// <summary>
/// Production delivery through an SMTP relay with MailKit: connect, authenticate when a username is
/// set, send, disconnect; a fresh client per message (SmtpClient is not thread-safe). Failures come
/// back as a failed result, never as an exception: transient for connection trouble, timeouts and
/// 4xx replies, permanent for 5xx replies and for settings the server refuses.
/// </summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> email, IOptions<SmtpOptions> smtp, TimeProvider time, ILogger<SmtpEmailSender> logger) : IEmailProvider
{
    public async Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var to = EmailMask.Mask(message.To);
        var mime = EmailMime.Build(message, email.Value.From, time.GetUtcNow());
        if (mime is null)
        {
            return EmailDeliveryResult.Failed("The recipient is not an email address.", transient: false);
        }
        var relay = smtp.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A bound on the whole exchange, not an expiry: real time, so a test's frozen clock cannot stall delivery.
        timeout.CancelAfter(relay.Timeout);
        using var client = new SmtpClient { Timeout = (int)relay.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(relay.Host!, relay.Port, Security(relay.Security), timeout.Token);
            if (!string.IsNullOrEmpty(relay.Username))
            {
                await client.AuthenticateAsync(relay.Username, relay.Password ?? "", timeout.Token);
            }
            await client.SendAsync(mime, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(e, message.Tenant, to);
        }
        Log.SmtpAccepted(logger, message.Tenant, to);
        return EmailDeliveryResult.Sent(mime.MessageId);
    }

    private EmailDeliveryResult Failure(Exception e, string tenant, string to)
    {
        switch (e)
        {
            // The server's own text may quote the address or the username: only its codes are kept.
            case SmtpCommandException command:
                var status = (int)command.StatusCode;
                var transient = status is >= 400 and < 500;
                Log.SmtpRefused(logger, tenant, to, status, command.ErrorCode.ToString(), transient);
                return EmailDeliveryResult.Failed($"The SMTP server answered {status} ({command.ErrorCode}).", transient);
            case AuthenticationException:
                Log.SmtpRefused(logger, tenant, to, 535, "AuthenticationFailed", false);
                return EmailDeliveryResult.Failed("The SMTP server refused the credentials.", transient: false);
            // STARTTLS or AUTH required of a server that does not offer it; a certificate that does not validate.
            case NotSupportedException or SslHandshakeException:
                Log.SmtpMisconfigured(logger, e, tenant, to, e.GetType().Name);
                return EmailDeliveryResult.Failed("The SMTP server does not support the configured security.", transient: false);
            case OperationCanceledException or TimeoutException:
                Log.SmtpUnreachable(logger, e, tenant, to, "timeout");
                return EmailDeliveryResult.Failed("The SMTP server did not answer in time.", transient: true);
            default:
                // Connection refused or reset, a protocol error, a reply cut short: all the relay's.
                Log.SmtpUnreachable(logger, e is SocketException or IOException or ProtocolException ? e : null, tenant, to, e.GetType().Name);
                return EmailDeliveryResult.Failed("The SMTP server could not be reached.", transient: true);
        }
    }

    private static SecureSocketOptions Security(string mode) => mode.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
