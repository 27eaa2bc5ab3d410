using System.Text.Json;
using IdentityServer.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IdentityServer.Tests.Messaging;

public sealed class OutboxSmsSenderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("idp-outbox-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 30, 15, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Send_ByDefault_AppendsOneJsonLineUnderTheContentRoot()
    {
        await using var services = MessagingHost.Build([], contentRoot: _root, time: _clock);
        var sender = services.GetRequiredService<ISmsProvider>();

        var result = await sender.SendAsync(new SmsMessage("+15555550123", "Your code is 123456\n@a.example #123456", "acme"), default);

        Assert.True(result.Accepted);
        Assert.NotNull(result.MessageId);
        var line = Assert.Single(File.ReadAllLines(Path.Combine(_root, "App_Data", "sms-outbox.jsonl")));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("+15555550123", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("Your code is 123456\n@a.example #123456", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("acme", json.RootElement.GetProperty("tenant").GetString());
        Assert.Equal(_clock.GetUtcNow(), DateTimeOffset.Parse(json.RootElement.GetProperty("sent_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Send_ManyAtOnce_WritesOneValidLineEach()
    {
        var path = Path.Combine(_root, "deep", "er", "outbox.jsonl");
        await using var services = MessagingHost.Build(new() { ["Sms:Outbox:Path"] = path }, contentRoot: _root, time: _clock);
        var sender = services.GetRequiredService<ISmsProvider>();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            sender.SendAsync(new SmsMessage($"+3361234{i:D4}", $"code {i} \"quoted\" ✓", "t" + i), default)));

        var lines = File.ReadAllLines(path);
        Assert.Equal(50, lines.Length);
        var tenants = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("tenant").GetString()).ToHashSet();
        Assert.Equal(50, tenants.Count);
    }

    [Fact]
    public async Task Send_FolderCannotBeCreated_FailsTransientWithoutThrowing()
    {
        var blocker = Path.Combine(_root, "file");
        await File.WriteAllTextAsync(blocker, "");
        await using var services = MessagingHost.Build(new() { ["Sms:Outbox:Path"] = Path.Combine(blocker, "outbox.jsonl") }, contentRoot: _root);

        var result = await services.GetRequiredService<ISmsProvider>().SendAsync(new SmsMessage("+15555550123", "x", "acme"), default);

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
    }
}
