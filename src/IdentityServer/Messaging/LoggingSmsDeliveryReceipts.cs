namespace IdentityServer.Messaging;

/// <summary>The default receipts sink until a store takes them: one log event per receipt.</summary>
internal sealed class LoggingSmsDeliveryReceipts(ILogger<LoggingSmsDeliveryReceipts> logger) : ISmsDeliveryReceipts
{
    public Task RecordAsync(string messageId, string? reference, string status, string? errorCode, CancellationToken ct)
    {
        Log.ReceiptRecorded(logger, messageId, status, errorCode);
        return Task.CompletedTask;
    }
}
