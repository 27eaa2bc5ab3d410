using System.Text.Json;

namespace IdentityServer.Messaging;

/// <summary>Development delivery: appends each SMS as one JSON line (to, text, tenant, sent_at) to the outbox file.</summary>
internal sealed class OutboxSmsSender(string path, TimeProvider time) : ISmsSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<SmsDeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["to"] = message.To, ["text"] = message.Text, ["tenant"] = message.Tenant, ["sent_at"] = time.GetUtcNow().ToString("O"),
        });
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, line + "\n", cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
        return SmsDeliveryResult.Sent("outbox-" + Guid.NewGuid().ToString("N"));
    }
}
