namespace IdentityServer.Messaging;

/// <summary>
/// Records a provider's delivery receipt for a message it accepted (SPEC 4.4). The default only
/// logs; the SMS sign-in code store records the status against the code's provider message id.
/// </summary>
public interface ISmsDeliveryReceipts
{
    Task RecordAsync(string messageId, string status, string? errorCode, CancellationToken ct);
}
