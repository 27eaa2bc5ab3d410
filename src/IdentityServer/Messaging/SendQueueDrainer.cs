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

    /// <summary>
    /// Claims the due rows (up to 20) with one conditional update and sends them; the rows done with
    /// go in one delete, also when a send throws half-way. Fewer writes than two a message: on SQLite
    /// every write waits for the one writer, which the SMS start needs too. A batch stops at half its
    /// lease and hands its unsent rows back, so no other node can claim a row this one still sends.
    /// Delivery is at least once, as before: a process that dies between a send and the delete sends
    /// it again when the lease ends. Returns how many rows it handled.
    /// </summary>
    internal async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        // While the SMS circuit is open, SMS rows wait for it to close.
        var smsOpen = circuit.RetryAfter is not null;
        var due = await db.OutgoingMessages.AsNoTracking()
            .Where(m => m.DueAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now) && (!smsOpen || m.Kind != SendQueue.Sms))
            .OrderBy(m => m.DueAt).Select(m => m.Id).Take(20).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }
        // The lease's end doubles as this claim's mark, random to the microsecond (PostgreSQL keeps
        // microseconds) so that two nodes claiming at once do not share a mark.
        var lease = now + Lease + TimeSpan.FromTicks(Random.Shared.NextInt64(1, TimeSpan.TicksPerMinute));
        lease = new DateTimeOffset(lease.Ticks - lease.Ticks % TimeSpan.TicksPerMicrosecond, lease.Offset);
        await db.OutgoingMessages
            .Where(m => due.Contains(m.Id) && (m.LeasedUntil == null || m.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, lease), ct);
        var claimed = await db.OutgoingMessages.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.LeasedUntil == lease).OrderBy(m => m.DueAt).ToListAsync(ct);
        var done = new List<string>(claimed.Count);
        var tried = 0;
        try
        {
            foreach (var row in claimed)
            {
                if (time.GetUtcNow() > now + Lease / 2)
                {
                    break;
                }
                // Counted before the send: a row whose send throws keeps its lease and is tried again when it ends.
                tried++;
                if (await SendAsync(db, scope.ServiceProvider, row, ct))
                {
                    done.Add(row.Id);
                }
            }
        }
        finally
        {
            // What was sent goes even when a later send threw or the node is stopping; the rows not tried are handed back.
            if (done.Count > 0)
            {
                await db.OutgoingMessages.Where(m => done.Contains(m.Id)).ExecuteDeleteAsync(CancellationToken.None);
            }
            var unsent = claimed.Skip(tried).Select(m => m.Id).ToList();
            if (unsent.Count > 0)
            {
                await db.OutgoingMessages.Where(m => unsent.Contains(m.Id) && m.LeasedUntil == lease)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }
        return tried;
    }

    /// <summary>Sends one claimed row; true when the row is done with (sent, or given up), false when it waits for a retry.</summary>
    private async Task<bool> SendAsync(PlatformDbContext db, IServiceProvider services, OutgoingMessage row, CancellationToken ct)
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
            return true;
        }
        // 2 s, 4 s, 8 s... then the row is free again for any node.
        var due = time.GetUtcNow() + FirstBackoff * Math.Pow(2, attempts - 1);
        Log.QueueRetrying(logger, row.TenantId, row.Kind, attempts, due);
        await db.OutgoingMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.DueAt, due).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), ct);
        return false;
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
