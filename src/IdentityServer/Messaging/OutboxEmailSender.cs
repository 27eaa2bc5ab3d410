using System.Globalization;
using System.Security.Cryptography;
using MimeKit;

namespace IdentityServer.Messaging;

/// <summary>
/// Development delivery (SPEC 8): writes each email as one RFC 5322 .eml file into the outbox folder,
/// creating it. Files are named by time then a random suffix, and appear whole (written aside, then moved in).
/// </summary>
internal sealed class OutboxEmailSender(string folder, string from, TimeProvider time, ILogger<OutboxEmailSender> logger) : IEmailProvider
{
    /// <summary>The header that records the tenant in outbox files (never sent by SMTP).</summary>
    public const string TenantHeader = "X-Identity-Platform-Tenant";

    private static readonly FormatOptions Crlf = new() { NewLineFormat = NewLineFormat.Dos };

    public string Folder => folder;

    public async Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var mime = EmailMime.Build(message, from, now);
        if (mime is null)
        {
            return EmailDeliveryResult.Failed("The recipient is not an email address.", transient: false);
        }
        mime.Headers.Add(TenantHeader, message.Tenant);
        var name = now.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        var path = Path.Combine(folder, name + ".eml");
        var partial = Path.Combine(folder, name + ".tmp");
        try
        {
            Directory.CreateDirectory(folder);
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await mime.WriteToAsync(Crlf, file, cancellationToken);
            }
            File.Move(partial, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.EmailOutboxFailed(logger, e, message.Tenant, EmailMask.Mask(message.To));
            return EmailDeliveryResult.Failed("The outbox folder could not be written.", transient: true);
        }
        Log.EmailOutboxWritten(logger, message.Tenant, EmailMask.Mask(message.To));
        return EmailDeliveryResult.Sent(mime.MessageId);
    }
}
