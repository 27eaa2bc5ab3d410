using MimeKit;
using MimeKit.Utils;

namespace IdentityServer.Messaging;

/// <summary>Builds the RFC 5322 message both providers send: From, To, Date (from TimeProvider), Message-Id, text and optional HTML.</summary>
internal static class EmailMime
{
    /// <summary>The message, or null when the recipient is not a single email address.</summary>
    public static MimeMessage? Build(EmailMessage message, string from, DateTimeOffset date)
    {
        if (!MailboxAddress.TryParse(message.To, out var to) || string.IsNullOrEmpty(to.Domain))
        {
            return null;
        }
        var sender = MailboxAddress.Parse(from);
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        var mime = new MimeMessage { Subject = message.Subject, Date = date, Body = body.ToMessageBody() };
        mime.From.Add(sender);
        mime.To.Add(to);
        mime.MessageId = MimeUtils.GenerateMessageId(string.IsNullOrEmpty(sender.Domain) ? "localhost" : sender.Domain);
        return mime;
    }
}
