using System.Text.Json;
using IdentityServer.Data;
using IdentityServer.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Messaging;

/// <summary>
/// Drains OutgoingMessages on every node: claims a due row with a conditional update (a lease, so
/// two nodes never send one row at once), hands it to the provider, deletes it once taken. A
/// transient failure is retried with exponential backoff; a refusal for good, or too many tries, is
/// reported to <see cref="IUndeliverableMessages"/>. Waits on the node's enqueue signal or a poll.
/// Each send is a span continuing the trace of the request that queued it (its traceparent reaches
/// Vonage's HTTP call), and SMS outcomes are counted (<c>idp.sms.sent</c>, <c>idp.sms.failed</c>).
/// </summary>
internal sealed class SendQueueDrainer(
    IServiceScopeFactory scopes, SendQueue queue, SmsCircuit circuit, PlatformMetrics metrics, TimeProvider time, ILogger<SendQueueDrainer> logger)
    : BackgroundService
{
    public const int MaxAttempts = 6;
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DrainOnceAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database was unreachable, say: the rows wait for the next round.
                Log.QueueFailed(logger, e);
            }
            await queue.WaitForWorkAsync(Poll, stoppingToken);
        }
    }

    /// <summary>Claims and sends the due rows; returns how many it handled.</summary>
    internal async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        // While the SMS circuit is open, SMS rows wait for it to close.
        var smsOpen = circuit.RetryAfter is not null;
        var due = await db.OutgoingMessages.AsNoTracking()
            .Where(m => m.DueAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now) && (!smsOpen || m.Kind != SendQueue.Sms))
            .OrderBy(m => m.DueAt).Take(20).ToListAsync(ct);
        var handled = 0;
        foreach (var row in due)
        {
            var leased = now + Lease;
            var claimed = await db.OutgoingMessages
                .Where(m => m.Id == row.Id && (m.LeasedUntil == null || m.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, leased), ct);
            if (claimed == 1)
            {
                await SendAsync(db, scope.ServiceProvider, row, ct);
                handled++;
            }
        }
        return handled;
    }

    private async Task SendAsync(PlatformDbContext db, IServiceProvider services, OutgoingMessage row, CancellationToken ct)
    {
        using var activity = PlatformActivity.Continue("send " + row.Kind, row.TraceParent);
        activity?.SetTag("idp.tenant", row.TenantId);
        var payload = queue.Unprotect(row.ProtectedPayload);
        bool accepted, transient;
        string? error;
        SmsMessage? text = null;
        if (row.Kind == SendQueue.Sms)
        {
            text = JsonSerializer.Deserialize<SmsMessage>(payload)!;
            var result = await services.GetRequiredService<ISmsProvider>().SendAsync(text, ct);
            (accepted, transient, error) = (result.Accepted, result.Transient, result.Error);
            if (accepted)
            {
                circuit.Succeeded();
            }
            else if (transient)
            {
                circuit.Failed();
            }
        }
        else
        {
            var result = await services.GetRequiredService<IEmailProvider>().SendAsync(JsonSerializer.Deserialize<EmailMessage>(payload)!, ct);
            (accepted, transient, error) = (result.Accepted, result.Transient, result.Error);
        }

        var attempts = row.Attempts + 1;
        if (text is not null)
        {
            CountSms(text, accepted, transient, attempts);
        }
        if (accepted || !transient || attempts >= MaxAttempts)
        {
            if (!accepted)
            {
                // Reported before the row goes: once it is gone, the code is already void.
                Log.QueueGaveUp(logger, row.TenantId, row.Kind, error ?? "");
                if (text is not null)
                {
                    await services.GetRequiredService<IUndeliverableMessages>().ReportAsync(text, error ?? "", ct);
                }
            }
            await db.OutgoingMessages.Where(m => m.Id == row.Id).ExecuteDeleteAsync(ct);
            return;
        }
        // 2 s, 4 s, 8 s... then the row is free again for any node.
        var due = time.GetUtcNow() + FirstBackoff * Math.Pow(2, attempts - 1);
        Log.QueueRetrying(logger, row.TenantId, row.Kind, attempts, due);
        await db.OutgoingMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.DueAt, due).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), ct);
    }

    private void CountSms(SmsMessage text, bool accepted, bool transient, int attempts)
    {
        if (accepted)
        {
            metrics.SmsSent(text.To);
        }
        else
        {
            metrics.SmsFailed(!transient ? "permanent" : attempts >= MaxAttempts ? "retries_exhausted" : "transient", text.To);
        }
    }
}
