using System.Globalization;
using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace IdentityServer.Tests.Messaging;

public sealed class SmtpEmailSenderTests
{
    private static readonly EmailMessage Code = new("alice@example.com", "Your sign-in code",
        "Your code is 123456.", "<p>Your code is <b>123456</b>.</p>", "acme");

    private static Dictionary<string, string?> Smtp(int port, string security = "None", string timeout = "00:00:05") => new()
    {
        ["Email:Provider"] = "Smtp",
        ["Email:From"] = "Identity Platform <no-reply@idp.example>",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = security,
        ["Email:Smtp:Timeout"] = timeout,
    };

    private static async Task<EmailDeliveryResult> SendAsync(Dictionary<string, string?> settings, EmailMessage? message = null)
    {
        await using var services = MessagingHost.Build(settings);
        var sender = Assert.IsType<SmtpEmailSender>(services.GetRequiredService<IEmailProvider>());
        return await sender.SendAsync(message ?? Code, default);
    }

    [Fact]
    public async Task Send_ToARelay_DeliversTheMessageWithoutAuthenticating()
    {
        await using var server = FakeSmtpServer.Start(authMechanisms: "PLAIN");

        var result = await SendAsync(Smtp(server.Port));

        Assert.True(result.Accepted, result.Error);
        var session = Assert.Single(server.Sessions);
        Assert.DoesNotContain(session.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("<no-reply@idp.example>", session.MailFrom);
        Assert.Equal("<alice@example.com>", Assert.Single(session.RcptTo));
        Assert.Equal("QUIT", session.Commands.Last());
        using var received = MimeMessage.Load(new MemoryStream(session.Data!));
        Assert.Equal("alice@example.com", Assert.Single(received.To.Mailboxes).Address);
        var from = Assert.Single(received.From.Mailboxes);
        Assert.Equal(("Identity Platform", "no-reply@idp.example"), (from.Name, from.Address));
        Assert.Equal("Your sign-in code", received.Subject);
        Assert.Equal("Your code is 123456.", received.TextBody?.TrimEnd());
        Assert.Equal("<p>Your code is <b>123456</b>.</p>", received.HtmlBody?.TrimEnd());
        Assert.Equal(received.MessageId, result.MessageId);
        Assert.Null(received.Headers[OutboxEmailSender.TenantHeader]);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Send_WithAUsername_AuthenticatesWithTheCredentials(string mechanism)
    {
        await using var server = FakeSmtpServer.Start(authMechanisms: mechanism);
        var settings = Smtp(server.Port);
        settings["Email:Smtp:Username"] = "relay-user@idp.example";
        settings["Email:Smtp:Password"] = "p@ss wörd";

        var result = await SendAsync(settings);

        Assert.True(result.Accepted, result.Error);
        var session = Assert.Single(server.Sessions);
        Assert.Equal(mechanism, session.AuthMechanism);
        Assert.Equal("relay-user@idp.example", session.Username);
        Assert.Equal("p@ss wörd", session.Password);
        Assert.NotNull(session.Data);
    }

    [Fact]
    public async Task Send_CredentialsRefused_FailsPermanently()
    {
        await using var server = FakeSmtpServer.Start(authMechanisms: "PLAIN", authReply: "535 5.7.8 Authentication credentials invalid");
        var settings = Smtp(server.Port);
        settings["Email:Smtp:Username"] = "relay-user";
        settings["Email:Smtp:Password"] = "wrong";

        var result = await SendAsync(settings);

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
        Assert.Null(Assert.Single(server.Sessions).Data);
    }

    [Theory]
    [InlineData("550 5.1.1 <alice@example.com>: Recipient address rejected", false)]
    [InlineData("451 4.3.0 Try again later", true)]
    public async Task Send_RecipientRefused_FailsPermanentlyOn5xxAndTransientlyOn4xx(string reply, bool transient)
    {
        await using var server = FakeSmtpServer.Start(rcptReply: reply);

        var result = await SendAsync(Smtp(server.Port));

        Assert.False(result.Accepted);
        Assert.Equal(transient, result.Transient);
        Assert.Contains(reply[..3], result.Error);
        Assert.DoesNotContain("alice", result.Error);
        Assert.Null(Assert.Single(server.Sessions).Data);
    }

    [Fact]
    public async Task Send_ToAClosedPort_FailsTransiently()
    {
        var result = await SendAsync(Smtp(FreePort.OnLoopback()));

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
    }

    [Fact]
    public async Task Send_ServerNeverAnswers_FailsTransientlyAfterTheTimeout()
    {
        await using var server = FakeSmtpServer.StartSilent();

        var result = await SendAsync(Smtp(server.Port, timeout: "00:00:01"));

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
    }

    [Fact]
    public async Task Send_StartTlsRequiredButNotOffered_FailsPermanently()
    {
        await using var server = FakeSmtpServer.Start();

        var result = await SendAsync(Smtp(server.Port, security: "StartTls"));

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
        Assert.Null(Assert.Single(server.Sessions).Data);
    }

    [Fact]
    public async Task Send_ToSomethingNotAnAddress_FailsPermanentlyWithoutConnecting()
    {
        await using var server = FakeSmtpServer.Start();

        var result = await SendAsync(Smtp(server.Port), Code with { To = "not an address" });

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
        Assert.Empty(server.Sessions);
    }
}
