using MimeKit;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>Reads the .eml files of the server's Outbox email sender.</summary>
public static class MailOutbox
{
    public static IReadOnlyList<MimeMessage> To(ServerFactory factory, string address)
    {
        var folder = factory.Settings["Email:Outbox:Path"]!;
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Select(path => MimeMessage.Load(path)).Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList()
            : [];
    }
}
