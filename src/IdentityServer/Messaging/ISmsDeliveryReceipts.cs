namespace IdentityServer.Messaging;

/// <summary>
/// Records a provider's delivery receipt for a message it accepted (SPEC 4.4). The default only
/// logs; the SMS sign-in code store records the status on the code named by the receipt's
/// reference (the message's <see cref="SmsMessage.Reference"/>), or else by the provider's message id.
/// </summary>
internal interface ISmsDeliveryReceipts
{
    Task RecordAsync(string messageId, string? reference, string status, string? errorCode, CancellationToken ct);
}
