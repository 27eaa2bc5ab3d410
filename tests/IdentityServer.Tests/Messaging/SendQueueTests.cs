using System.Net;
using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.SmsSignIn;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Messaging;

/// <summary>The SMS fixture's tenants on a fake Vonage whose answer per phone the tests choose.</summary>
public class QueueVonageFixture : SmsFixture
{
    private int _retryTries;

    public FakeVonage Vonage { get; private set; } = null!;

    /// <summary>Accepts every phone but these: 14155557302 is throttled (transient) on its first queue try; 1415555736x always.</summary>
    protected virtual VonageReply Reply(VonageRequest request) => request.Form.GetValueOrDefault("to") switch
    {
        "14155557301" => VonageReply.Accepted() with { Delay = TimeSpan.FromSeconds(1.5) },
        // One queue try is VonageSmsSender.Tries requests.
        "14155557302" when Interlocked.Increment(ref _retryTries) <= VonageSmsSender.Tries => VonageReply.Refused("1", "Throttled"),
        var to when to?.StartsWith("1415555736", StringComparison.Ordinal) == true => VonageReply.Refused("1", "Throttled"),
        _ => VonageReply.Accepted(),
    };

    public override async Task InitializeAsync()
    {
        Vonage = await FakeVonage.StartAsync((request, _) => Reply(request));
        Factory.Settings["Sms:Provider"] = "Vonage";
        Factory.Settings["Sms:Vonage:BaseUrl"] = Vonage.BaseUrl;
        Factory.Settings["Sms:Vonage:ApiKey"] = "test-key";
        Factory.Settings["Sms:Vonage:ApiSecret"] = "test-secret";
        Factory.Settings["Sms:Vonage:From"] = "IdPlatform";
        Factory.Settings["Sms:Vonage:RetryDelay"] = "00:00:00.010";
        Factory.Settings["Sms:Vonage:Timeout"] = "00:00:09";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Vonage.DisposeAsync();
    }
}

/// <summary>SPEC 4.1, issue 12 point 7: the SMS goes to a durable queue, drained by a background sender.</summary>
public sealed class SendQueueTests(QueueVonageFixture server) : IClassFixture<QueueVonageFixture>
{
    [Fact]
    public async Task Start_AnswersWithTheSmsQueued_ThenTheDrainerDeliversIt()
    {
        // Vonage takes 1.5 s to answer this phone: the start answered before it did.
        var otp = await server.StartOkAsync("quick", "+14155557301");
        Assert.Equal(1, SendQueueDrain.Queued(server.Factory, otp));

        SendQueueDrain.Wait(server.Factory);
        Assert.Single(server.Vonage.Requests, r => r.Form["to"] == "14155557301");
        Assert.Equal(0, SendQueueDrain.Queued(server.Factory, otp));
    }

    [Fact]
    public async Task ThirtyQueuedSms_DrainedByFourDrainersAtOnce_AreEachSentExactlyOnce()
    {
        // The node's own drainer and three more (as three more nodes would run) claim batches at the same time.
        var phones = Enumerable.Range(0, 30).Select(i => $"+1415555{7400 + i}").ToList();
        await Task.WhenAll(phones.Select(p => server.StartOkAsync("quick", p)));
        var drainers = Enumerable.Range(0, 3)
            .Select(_ => Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<SendQueueDrainer>(server.Factory.Services)).ToList();
        await Task.WhenAll(drainers.Select(d => Task.Run(async () =>
        {
            while (await d.DrainOnceAsync(CancellationToken.None) > 0)
            {
            }
        })));
        SendQueueDrain.Wait(server.Factory);

        Assert.All(phones, p => Assert.Single(server.Vonage.Requests, r => r.Form["to"] == p[1..]));
        Assert.Equal(0, SendQueueDrain.Queued(server.Factory));
    }

    [Fact]
    public async Task ATransientFailure_IsRetriedAfterABackoff_OnTheServersClock()
    {
        var otp = await server.StartOkAsync("quick", "+14155557302");
        SendQueueDrain.Wait(server.Factory);
        // The first try failed (throttled): the message waits in the queue, not due before its backoff.
        Assert.Equal(VonageSmsSender.Tries, server.Vonage.Requests.Count(r => r.Form["to"] == "14155557302"));
        Assert.Equal(1, SendQueueDrain.Queued(server.Factory, otp));
        Assert.Equal(0, SendQueueDrain.Pending(server.Factory));

        // Past the backoff (and the drainer's poll), the next try delivers it.
        server.Clock.Advance(TimeSpan.FromSeconds(10));
        await Eventually(() => server.Vonage.Requests.Count(r => r.Form["to"] == "14155557302") == VonageSmsSender.Tries + 1);
        await Eventually(() => SendQueueDrain.Queued(server.Factory, otp) == 0);
    }

    [Fact]
    public async Task AQueuedSms_SurvivesTheProcess_AndTheNextServerOverTheSameDatabaseDeliversIt()
    {
        await using var next = new ServerFactory();
        var first = new AlwaysThrottledFixture();
        first.Factory.Settings["ConnectionStrings:Identity"] = $"Data Source={Path.Combine(next.DataDirectory, "identity.db")}";
        await first.InitializeAsync();
        await first.StartOkAsync("quick", "+14155557303");
        SendQueueDrain.Wait(first.Factory);
        Assert.Equal(1, SendQueueDrain.Queued(first.Factory));
        await first.DisposeAsync();

        // A new process over the same database (on the Outbox provider) finds the message and sends it.
        next.CreateClient().Dispose();
        await Eventually(() => File.Exists(next.Settings["Sms:Outbox:Path"]!) && SmsOutbox.To(next, "+14155557303").Count == 1);
        Assert.Equal(0, SendQueueDrain.Queued(next));
    }

    internal static async Task Eventually(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the condition did not hold within 20 s");
            await Task.Delay(25);
        }
    }
}

/// <summary>Vonage throttles every message: each queue try is a transient failure.</summary>
public sealed class AlwaysThrottledFixture : QueueVonageFixture
{
    protected override VonageReply Reply(VonageRequest request) => VonageReply.Refused("1", "Throttled");
}

/// <summary>SPEC 4.1: while the provider's circuit is open, every phone gets the same 503.</summary>
public sealed class SmsCircuitTests(AlwaysThrottledFixture server) : IClassFixture<AlwaysThrottledFixture>
{
    [Fact]
    public async Task AfterConsecutiveFailures_TheCircuitOpens_AndKnownAndUnknownPhonesGetTheSame503()
    {
        // A known phone in "nosignup" (where an unknown phone is never texted, so only the circuit can refuse it).
        var id = await server.Api.CreateUserAsync("nosignup", "known@nosignup.example", "Known-Passw0rd!");
        await server.Api.CallOkAsync(HttpMethod.Post, $"/tenants/nosignup/users/{id}/phone", new { phone_number = "+14155557390", verify = false });

        for (var i = 0; i < SmsCircuit.Failures; i++)
        {
            await server.StartOkAsync("quick", $"+1415555736{i}");
        }
        var circuit = server.Factory.Services.GetRequiredService<SmsCircuit>();
        await SendQueueTests.Eventually(() => circuit.RetryAfter is not null);

        foreach (var phone in new[] { "+14155557390", "+14155557391" })
        {
            var response = await server.StartAsync("nosignup", phone);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("temporarily_unavailable", (await Api.ReadJsonAsync(response))["error"]!.GetValue<string>());
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        }
    }
}
