using System.Diagnostics;
using System.Globalization;
using IdentityServer.Messaging;
using IdentityServer.Tests.Infrastructure;
using IdentityServer.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityServer.Tests.Telemetry;

/// <summary>Issue 14 point 5: the trace context of a queued email reaches the SMTP exchange (MailKit's spans).</summary>
public sealed class EmailTraceTests
{
    [Fact]
    public async Task TraceContext_OfAQueuedEmail_ReachesTheSmtpSend()
    {
        await using var smtp = FakeSmtpServer.Start();
        await using var factory = new ServerFactory();
        factory.Settings["Email:Provider"] = "Smtp";
        factory.Settings["Email:Smtp:Host"] = "127.0.0.1";
        factory.Settings["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
        factory.Settings["Email:Smtp:Security"] = "None";
        factory.CreateClient();
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "IdentityPlatform" || s.Name == MailKit.Telemetry.SmtpClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (seen)
                {
                    seen.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var queue = factory.Services.GetRequiredService<SendQueue>();
        ActivityTraceId traceId;
        using (var request = new Activity("test request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = request.TraceId;
            await queue.SendAsync(new EmailMessage("someone@idp.example", "Your code", "123456", null, "platform"), CancellationToken.None);
        }
        SendQueueDrain.Wait(factory);

        Assert.Contains(smtp.Sessions, s => s.Data is not null);
        List<Activity> ours;
        lock (seen)
        {
            ours = seen.Where(a => a.TraceId == traceId).ToList();
        }
        // The drainer's span, in the trace of the code that queued the email, and MailKit's SMTP spans under it.
        Assert.Contains(ours, a => a.OperationName == "send email");
        Assert.Contains(ours, a => a.Source.Name == MailKit.Telemetry.SmtpClient.ActivitySourceName);
    }
}
