using IdentityServer.Data;
using IdentityServer.Messaging;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// Records a provider's delivery receipt on the code it delivered. Receipts arrive outside any
/// tenant (one webhook for the platform), so the lookup is by the provider's message id alone.
/// </summary>
internal sealed class CodeDeliveryReceipts(PlatformDbContext db) : ISmsDeliveryReceipts
{
    public async Task RecordAsync(string messageId, string status, string? errorCode, CancellationToken ct)
    {
        var value = errorCode is { Length: > 0 } && errorCode != "0" ? $"{status}:{errorCode}" : status;
        await db.OneTimeCodes.IgnoreQueryFilters()
            .Where(c => c.ProviderMessageId == messageId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.DeliveryStatus, value.Length <= 32 ? value : value[..32]), ct);
    }
}
