using System.Diagnostics;
using System.Text;
using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Messaging;

/// <summary>VonageSmsSender, composed by AddMessaging, against a fake of Vonage's SMS API on 127.0.0.1.</summary>
public sealed class VonageSmsSenderTests
{
    private static readonly SmsMessage Message = new("+15555550123", "Your Acme code is 123456.\n\n@login.example #123456", "acme");

    private static async Task<SmsDeliveryResult> SendAsync(string baseUrl, SmsMessage? message = null, Action<Dictionary<string, string?>>? change = null)
    {
        var settings = MessagingHost.Vonage(baseUrl);
        change?.Invoke(settings);
        await using var services = MessagingHost.Build(settings);
        var sender = services.GetRequiredService<ISmsProvider>();
        Assert.IsType<VonageSmsSender>(sender);
        return await sender.SendAsync(message ?? Message, CancellationToken.None);
    }

    [Fact]
    public async Task Send_PostsTheDocumentedForm_WithBasicAuthAndToWithoutPlus()
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Accepted());

        await SendAsync(vonage.BaseUrl);

        var request = Assert.Single(vonage.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/sms/json", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("test-key:test-secret")), request.Authorization);
        Assert.Equal("IdPlatform", request.Form["from"]);
        Assert.Equal("15555550123", request.Form["to"]);
        Assert.Equal(Message.Text, request.Form["text"]);
        Assert.False(request.Form.ContainsKey("type"));
        Assert.False(request.Form.ContainsKey("api_secret"));
    }

    [Fact]
    public async Task Send_TextOutsideGsm7_IsSentAsUnicode()
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Accepted());

        await SendAsync(vonage.BaseUrl, Message with { Text = "Ваш код 123456 ✓" });

        Assert.Equal("unicode", Assert.Single(vonage.Requests).Form["type"]);
    }

    [Fact]
    public async Task Send_Status0_ReturnsSentWithTheMessageId()
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Accepted("0B00000012345678"));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.True(result.Accepted);
        Assert.Equal("0B00000012345678", result.MessageId);
    }

    [Fact]
    public async Task Send_ThrottledTwiceThenAccepted_ReturnsSentAfterRetries()
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Refused("1", "Throughput Rate Exceeded"),
            VonageReply.Refused("1", "Throughput Rate Exceeded"), VonageReply.Accepted("0C0000000000001"));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.True(result.Accepted);
        Assert.Equal("0C0000000000001", result.MessageId);
        Assert.Equal(3, vonage.Requests.Count);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("5")]
    [InlineData("10")]
    public async Task Send_TransientStatusEveryTime_FailsTransientAfterThreeTries(string status)
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Refused(status));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
        Assert.Equal(3, vonage.Requests.Count);
    }

    [Theory]
    [InlineData("2", "Missing to param")]
    [InlineData("4", "Bad Credentials")]
    [InlineData("9", "Partner quota violation")]
    [InlineData("29", "Non White-listed Destination")]
    public async Task Send_PermanentStatus_FailsAtOnceAndNotTransient(string status, string errorText)
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Refused(status, errorText));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
        Assert.Null(result.MessageId);
        Assert.Contains($"status {status}", result.Error);
        Assert.Single(vonage.Requests);
    }

    [Fact]
    public async Task Send_OnePartRefusedForGood_FailsEvenIfAnotherPartWasAccepted()
    {
        await using var vonage = await FakeVonage.StartAsync(new VonageReply(200,
            """{"message-count":"2","messages":[{"message-id":"A1","status":"0"},{"status":"6","error-text":"Invalid Message"}]}"""));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
    }

    [Fact]
    public async Task Send_ErrorTextQuotingTheNumber_IsMaskedInTheResult()
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Refused("3", "Invalid to 15555550123"));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.False(result.Accepted);
        Assert.NotNull(result.Error);
        Assert.Contains("Invalid to", result.Error);
        Assert.DoesNotContain("5555550123", result.Error);
    }

    [Fact]
    public async Task Send_Http500EveryTime_FailsTransientAfterTheHandlersRetries()
    {
        await using var vonage = await FakeVonage.StartAsync(new VonageReply(500, """{"error":"oops"}"""));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
        Assert.Equal(3, vonage.Requests.Count);
    }

    [Fact]
    public async Task Send_Http503Once_IsRetriedAndSent()
    {
        await using var vonage = await FakeVonage.StartAsync(new VonageReply(503, ""), VonageReply.Accepted("0D0000000000002"));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.True(result.Accepted);
        Assert.Equal("0D0000000000002", result.MessageId);
        Assert.Equal(2, vonage.Requests.Count);
    }

    [Fact]
    public async Task Send_Http401_FailsForGood()
    {
        await using var vonage = await FakeVonage.StartAsync(new VonageReply(401, """{"type":"unauthorized"}"""));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
        Assert.Single(vonage.Requests);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"message-count":"1"}""")]
    [InlineData("""{"message-count":"1","messages":[{"message-id":"X"}]}""")]
    [InlineData("[]")]
    public async Task Send_MalformedAnswer_FailsWithoutThrowing(string body)
    {
        await using var vonage = await FakeVonage.StartAsync(new VonageReply(200, body));

        var result = await SendAsync(vonage.BaseUrl);

        Assert.False(result.Accepted);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task Send_ProviderSlowerThanTheTimeout_FailsTransientWithinTheTimeout()
    {
        await using var vonage = await FakeVonage.StartAsync(VonageReply.Accepted() with { Delay = TimeSpan.FromSeconds(10) });
        var clock = Stopwatch.StartNew();

        var result = await SendAsync(vonage.BaseUrl, change: s => s["Sms:Vonage:Timeout"] = "00:00:01");

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Send_NothingListening_FailsTransient()
    {
        var result = await SendAsync($"http://127.0.0.1:{FreePort.OnLoopback()}");

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
    }
}
