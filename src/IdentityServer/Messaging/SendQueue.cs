using System.Security.Cryptography;
using System.Text.Json;
using IdentityServer.Data;
using IdentityServer.Telemetry;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityServer.Messaging;

/// <summary>
/// SPEC 4.1: what callers send through. A message becomes one row of OutgoingMessages, saved (in a
/// context of its own, apart from the request's unit of work) before SendAsync returns; the drainer
/// sends it. So a request never waits on the provider (no timing oracle), and nothing is lost if
/// the process dies after answering. The row keeps the request's W3C trace context: the provider's
/// call continues the request's trace.
/// </summary>
internal sealed class SendQueue(IServiceScopeFactory scopes, IDataProtectionProvider protection, SmsCircuit circuit, PlatformMetrics metrics, TimeProvider time)
    : ISmsSender, IEmailSender
{
    public const string Sms = "sms";
    public const string Email = "email";

    private readonly IDataProtector _protector = protection.CreateProtector("IdentityServer.Messaging.SendQueue.v1");
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public async Task<SmsDeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        if (circuit.RetryAfter is not null)
        {
            metrics.SmsRefused("circuit_open", message.To);
            return SmsDeliveryResult.Failed("The SMS provider is unavailable (circuit open).", transient: true);
        }
        var id = await EnqueueAsync(Sms, message.Tenant, message.Reference, JsonSerializer.Serialize(message), cancellationToken);
        return SmsDeliveryResult.Sent("queued-" + id);
    }

    public async Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var id = await EnqueueAsync(Email, message.Tenant, null, JsonSerializer.Serialize(message), cancellationToken);
        return EmailDeliveryResult.Sent("queued-" + id);
    }

    private Task? _pendingWake;

    /// <summary>
    /// The drainer's wait (one drainer per node): until something is enqueued on this node, or the
    /// poll period passes (rows of other nodes, retries that fell due). One semaphore wait stays
    /// pending across polls, so no signal is lost to an abandoned waiter.
    /// </summary>
    internal async Task WaitForWorkAsync(TimeSpan poll, CancellationToken ct)
    {
        _pendingWake ??= _wake.WaitAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(poll, time, stop.Token);
        await Task.WhenAny(_pendingWake, delay);
        await stop.CancelAsync();
        if (_pendingWake.IsCompleted)
        {
            _pendingWake = null;
        }
    }

    internal string Unprotect(string payload) => _protector.Unprotect(payload);

    private async Task<string> EnqueueAsync(string kind, string tenant, string? reference, string payload, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var row = new OutgoingMessage
        {
            Id = RandomNumberGenerator.GetHexString(32, lowercase: true),
            Kind = kind,
            TenantId = tenant,
            Reference = reference,
            ProtectedPayload = _protector.Protect(payload),
            CreatedAt = now,
            DueAt = now,
            TraceParent = PlatformActivity.CurrentTraceParent(),
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.OutgoingMessages.Add(row);
            await db.SaveChangesAsync(ct);
        }
        _wake.Release();
        return row.Id;
    }
}
