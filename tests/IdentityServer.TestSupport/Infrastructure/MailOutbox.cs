using System.Text.RegularExpressions;
using MimeKit;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>Reads the .eml files of the server's Outbox email sender.</summary>
public static partial class MailOutbox
{
    public static IReadOnlyList<MimeMessage> To(ServerFactory factory, string address)
    {
        SendQueueDrain.Wait(factory);
        var folder = factory.Settings["Email:Outbox:Path"]!;
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Select(path => MimeMessage.Load(path)).Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList()
            : [];
    }

    /// <summary>The code of the one email sent to the address (fails if there is none or more than one), read from its first line.</summary>
    public static string SingleCode(ServerFactory factory, string address)
    {
        var mail = To(factory, address).Single();
        return CodeInMail().Match(mail.TextBody ?? "").Groups[1].Value;
    }

    [GeneratedRegex(@"^(\d{6,8}) is your")]
    private static partial Regex CodeInMail();
}
