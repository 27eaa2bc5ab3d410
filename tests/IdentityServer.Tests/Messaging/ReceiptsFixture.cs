using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IdentityServer.Tests.Messaging;

/// <summary>Keeps the receipts the webhook records.</summary>
public sealed class RecordingReceipts : ISmsDeliveryReceipts
{
    public ConcurrentQueue<(string MessageId, string Status, string? ErrorCode)> Recorded { get; } = new();

    public Task RecordAsync(string messageId, string? reference, string status, string? errorCode, CancellationToken ct)
    {
        Recorded.Enqueue((messageId, status, errorCode));
        return Task.CompletedTask;
    }
}

/// <summary>The server with a recording ISmsDeliveryReceipts and a fake clock; signed receipts when a secret is given.</summary>
public class ReceiptsFixture : IAsyncLifetime
{
    public const string Secret = "tests-vonage-signature-secret";

    public ReceiptsFixture() : this(Secret)
    {
    }

    protected ReceiptsFixture(string? secret)
    {
        Factory = new ReceiptsServerFactory(Receipts) { Time = Clock };
        if (secret is not null)
        {
            Factory.Settings["Sms:Vonage:SignatureSecret"] = secret;
        }
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public RecordingReceipts Receipts { get; } = new();

    public ServerFactory Factory { get; }

    public HttpClient Http { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Http = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>A delivery receipt as Vonage sends it, with timestamp and sig when <paramref name="secret"/> is given.</summary>
    public Dictionary<string, string> Receipt(string messageId, string status = "delivered", string? secret = Secret,
        string method = "md5hash", DateTimeOffset? sentAt = null)
    {
        var receipt = new Dictionary<string, string>
        {
            ["msisdn"] = "15555550123",
            ["to"] = "IdPlatform",
            ["network-code"] = "310090",
            ["messageId"] = messageId,
            ["price"] = "0.00750000",
            ["status"] = status,
            ["scts"] = "2611241200",
            ["err-code"] = "0",
            ["api-key"] = "test-key",
            ["message-timestamp"] = "2026-11-24 12:00:00",
        };
        if (secret is not null)
        {
            receipt["timestamp"] = (sentAt ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            receipt["nonce"] = "b8a7e1e3-5e7b-4f3c-8a0d-6a1f0b7f5c2e";
            receipt["sig"] = Sign(receipt, secret, method);
        }
        return receipt;
    }

    /// <summary>Vonage's documented recipe, written out on its own: sorted "&amp;key=value", then the hash.</summary>
    public static string Sign(IReadOnlyDictionary<string, string> parameters, string secret, string method)
    {
        var query = string.Concat(parameters.Where(p => p.Key != "sig").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => "&" + p.Key.Replace("&", "_").Replace("=", "_") + "=" + p.Value.Replace("&", "_").Replace("=", "_")));
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(query);
        return method switch
        {
            "md5hash" => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(query + secret))).ToLowerInvariant(),
            "md5" => Convert.ToHexString(HMACMD5.HashData(key, data)),
            "sha1" => Convert.ToHexString(HMACSHA1.HashData(key, data)),
            "sha256" => Convert.ToHexString(HMACSHA256.HashData(key, data)),
            _ => Convert.ToHexString(HMACSHA512.HashData(key, data)),
        };
    }

    public Task<HttpResponseMessage> PostFormAsync(IDictionary<string, string> receipt) =>
        Http.PostAsync("/webhooks/vonage/delivery-receipt", new FormUrlEncodedContent(receipt));

    private sealed class ReceiptsServerFactory(RecordingReceipts receipts) : ServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ISmsDeliveryReceipts>(receipts));
        }
    }
}

/// <summary>The same server without a signature secret: receipts are taken unsigned.</summary>
public sealed class UnsignedReceiptsFixture : ReceiptsFixture
{
    public UnsignedReceiptsFixture() : base(null)
    {
    }
}
