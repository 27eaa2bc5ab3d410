using System.Text.Json;
using IdentityPlatform.Shared.Phones;

namespace IdentityServer.Messaging;

/// <summary>
/// Development delivery (SPEC 4.4): appends each SMS as one JSON line (to, text, tenant, sent_at)
/// to the outbox file, creating its folder. One writer at a time, so lines never interleave.
/// </summary>
internal sealed class OutboxSmsSender(string path, TimeProvider time, ILogger<OutboxSmsSender> logger) : ISmsProvider, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path => path;

    // Issue 15 point 7: "+1...", and accented text as it is, in the file people read.
    private static readonly JsonSerializerOptions Lines = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<SmsDeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var to = message.To.StartsWith('+') ? message.To : "+" + message.To;
        var line = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["to"] = to,
            ["text"] = message.Text,
            ["tenant"] = message.Tenant,
            ["sent_at"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }, Lines);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, line + "\n", cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.OutboxFailed(logger, e, message.Tenant, PhoneMask.Mask(to));
            return SmsDeliveryResult.Failed("The outbox file could not be written.", transient: true);
        }
        finally
        {
            _gate.Release();
        }
        Log.OutboxWritten(logger, message.Tenant, PhoneMask.Mask(to));
        return SmsDeliveryResult.Sent("outbox-" + Guid.NewGuid().ToString("N"));
    }

    public void Dispose() => _gate.Dispose();
}
