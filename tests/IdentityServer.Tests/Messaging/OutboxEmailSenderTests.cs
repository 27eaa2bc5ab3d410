using IdentityServer.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace IdentityServer.Tests.Messaging;

public sealed class OutboxEmailSenderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("idp-mail-outbox-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 30, 15, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Send_ByDefault_WritesOneParseableEmlUnderTheContentRoot()
    {
        await using var services = MessagingHost.Build([], contentRoot: _root, time: _clock);
        var sender = services.GetRequiredService<IEmailProvider>();

        var result = await sender.SendAsync(new EmailMessage("alice@example.com", "Your sign-in code",
            "Your code is 123456.", "<p>Your code is <b>123456</b>.</p>", "acme"), default);

        Assert.True(result.Accepted, result.Error);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_root, "App_Data", "mail-outbox")));
        Assert.StartsWith("20261124T123015000Z-", Path.GetFileName(file));
        Assert.EndsWith(".eml", file);
        using var mail = MimeMessage.Load(file);
        Assert.Equal("alice@example.com", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("no-reply@localhost", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal("Your sign-in code", mail.Subject);
        Assert.Equal("Your code is 123456.", mail.TextBody?.TrimEnd());
        Assert.Equal("<p>Your code is <b>123456</b>.</p>", mail.HtmlBody?.TrimEnd());
        Assert.Equal(_clock.GetUtcNow(), mail.Date);
        Assert.Equal(result.MessageId, mail.MessageId);
        Assert.Equal("acme", mail.Headers[OutboxEmailSender.TenantHeader]);
    }

    [Fact]
    public async Task Send_TextOnly_WritesAPlainTextMessage()
    {
        var folder = Path.Combine(_root, "mail");
        await using var services = MessagingHost.Build(new() { ["Email:Outbox:Path"] = folder, ["Email:From"] = "Acme <login@acme.example>" }, contentRoot: _root, time: _clock);

        await services.GetRequiredService<IEmailProvider>().SendAsync(new EmailMessage("Bob <bob@example.com>", "Ça marche ✓", "Code: 654321", null, "acme"), default);

        using var mail = MimeMessage.Load(Assert.Single(Directory.GetFiles(folder, "*.eml")));
        Assert.Equal("Ça marche ✓", mail.Subject);
        Assert.Equal("Code: 654321", mail.TextBody?.TrimEnd());
        Assert.Null(mail.HtmlBody);
        Assert.Equal("login@acme.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal("bob@example.com", Assert.Single(mail.To.Mailboxes).Address);
    }

    [Fact]
    public async Task Send_ManyAtTheSameInstant_WritesOneFileEach()
    {
        await using var services = MessagingHost.Build([], contentRoot: _root, time: _clock);
        var sender = services.GetRequiredService<IEmailProvider>();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            sender.SendAsync(new EmailMessage($"user{i}@example.com", "s", "b", null, "acme"), default)));

        Assert.All(results, r => Assert.True(r.Accepted));
        var files = Directory.GetFiles(Path.Combine(_root, "App_Data", "mail-outbox"));
        Assert.Equal(30, files.Length);
        Assert.Equal(30, files.Select(f => MimeMessage.Load(f).To.Mailboxes.Single().Address).Distinct().Count());
    }

    [Fact]
    public async Task Send_FolderCannotBeCreated_FailsTransientWithoutThrowing()
    {
        var blocker = Path.Combine(_root, "file");
        await File.WriteAllTextAsync(blocker, "");
        await using var services = MessagingHost.Build(new() { ["Email:Outbox:Path"] = Path.Combine(blocker, "mail") }, contentRoot: _root);

        var result = await services.GetRequiredService<IEmailProvider>().SendAsync(new EmailMessage("alice@example.com", "s", "b", null, "acme"), default);

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
    }

    [Fact]
    public async Task Send_ToSomethingNotAnAddress_FailsPermanentlyAndWritesNothing()
    {
        await using var services = MessagingHost.Build([], contentRoot: _root);

        var result = await services.GetRequiredService<IEmailProvider>().SendAsync(new EmailMessage("alice", "s", "b", null, "acme"), default);

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
        Assert.False(Directory.Exists(Path.Combine(_root, "App_Data", "mail-outbox")));
    }
}
