using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IdentityServer.Tests.Messaging;

/// <summary>What one SMTP connection carried: the AUTH exchange, the envelope and the DATA bytes.</summary>
public sealed class SmtpSession
{
    public ConcurrentQueue<string> Commands { get; } = new();
    public string? AuthMechanism { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? MailFrom { get; set; }
    public ConcurrentQueue<string> RcptTo { get; } = new();
    public byte[]? Data { get; set; }
}

/// <summary>
/// Just enough of an SMTP server (RFC 5321) on 127.0.0.1 and a free port for MailKit: greeting, EHLO
/// (no STARTTLS), AUTH PLAIN / LOGIN when advertised, MAIL, RCPT, DATA with dot-unstuffing, RSET, QUIT.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SmtpSession> _sessions = new();
    private readonly Task _loop;

    private FakeSmtpServer(string? authMechanisms, string rcptReply, string authReply, bool silent)
    {
        AuthMechanisms = authMechanisms;
        RcptReply = rcptReply;
        AuthReply = authReply;
        Silent = silent;
        _listener.Start();
        _loop = AcceptAsync();
    }

    /// <summary>A server advertising <paramref name="authMechanisms"/> (e.g. "PLAIN LOGIN", or none), answering RCPT and AUTH as told.</summary>
    public static FakeSmtpServer Start(string? authMechanisms = null, string rcptReply = "250 2.1.5 OK",
        string authReply = "235 2.7.0 Authentication successful") => new(authMechanisms, rcptReply, authReply, silent: false);

    /// <summary>A server that accepts connections and never says a word.</summary>
    public static FakeSmtpServer StartSilent() => new(null, "", "", silent: true);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string? AuthMechanisms { get; }
    public string RcptReply { get; }
    public string AuthReply { get; }
    public bool Silent { get; }
    public IReadOnlyCollection<SmtpSession> Sessions => _sessions;

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client, _stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        var session = new SmtpSession();
        _sessions.Enqueue(session);
        try
        {
            var stream = client.GetStream();
            if (Silent)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            using var reader = new StreamReader(stream, Encoding.Latin1);
            async Task Reply(string line) => await stream.WriteAsync(Encoding.Latin1.GetBytes(line + "\r\n"), ct);
            async Task<string> Next() => await reader.ReadLineAsync(ct) ?? throw new IOException("Client left.");
            static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

            await Reply("220 fake.smtp.test ESMTP ready");
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                session.Commands.Enqueue(line);
                var parts = line.Split(' ');
                switch (parts[0].ToUpperInvariant())
                {
                    case "EHLO":
                        await Reply(AuthMechanisms is null ? "250 fake.smtp.test" : $"250-fake.smtp.test\r\n250 AUTH {AuthMechanisms}");
                        break;
                    case "AUTH" when parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase):
                        session.AuthMechanism = "PLAIN";
                        if (parts.Length < 3)
                        {
                            await Reply("334 ");
                        }
                        var plain = Decode(parts.Length > 2 ? parts[2] : await Next()).Split('\0');
                        (session.Username, session.Password) = (plain[1], plain[2]);
                        await Reply(AuthReply);
                        break;
                    case "AUTH" when parts[1].Equals("LOGIN", StringComparison.OrdinalIgnoreCase):
                        session.AuthMechanism = "LOGIN";
                        if (parts.Length < 3)
                        {
                            await Reply("334 VXNlcm5hbWU6");
                        }
                        session.Username = Decode(parts.Length > 2 ? parts[2] : await Next());
                        await Reply("334 UGFzc3dvcmQ6");
                        session.Password = Decode(await Next());
                        await Reply(AuthReply);
                        break;
                    case "MAIL":
                        session.MailFrom = line[(line.IndexOf(':') + 1)..].Trim();
                        await Reply("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        session.RcptTo.Enqueue(line[(line.IndexOf(':') + 1)..].Trim());
                        await Reply(RcptReply);
                        break;
                    case "DATA":
                        await Reply("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        for (var text = await Next(); text != "."; text = await Next())
                        {
                            data.Append(text.StartsWith("..", StringComparison.Ordinal) ? text[1..] : text).Append("\r\n");
                        }
                        session.Data = Encoding.Latin1.GetBytes(data.ToString());
                        await Reply("250 2.0.0 OK queued as 1");
                        break;
                    case "RSET" or "NOOP" or "HELO":
                        await Reply("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await Reply("221 2.0.0 Bye");
                        return;
                    default:
                        await Reply("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // The client went away, or the server stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
