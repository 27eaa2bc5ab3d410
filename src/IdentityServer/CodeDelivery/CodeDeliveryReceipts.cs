using IdentityServer.Data;
using IdentityServer.Messaging;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.CodeDelivery;

/// <summary>
/// Records a provider's delivery receipt on the code it delivered, with the provider's message id.
/// Receipts arrive outside any tenant (one webhook for the platform): the code is found by the
/// receipt's reference (its otp_id, sent as the message's client reference; random, so unique
/// across tenants), or, for a receipt without one, by a message id recorded before.
/// </summary>
internal sealed class CodeDeliveryReceipts(PlatformDbContext db) : ISmsDeliveryReceipts
{
    public async Task RecordAsync(string messageId, string? reference, string status, string? errorCode, CancellationToken ct)
    {
        var value = errorCode is { Length: > 0 } && errorCode != "0" ? $"{status}:{errorCode}" : status;
        value = value.Length <= 32 ? value : value[..32];
        var codes = db.OneTimeCodes.IgnoreQueryFilters();
        var target = reference is not null ? codes.Where(c => c.Id == reference) : codes.Where(c => c.ProviderMessageId == messageId);
        var id = messageId.Length <= 64 ? messageId : null;
        await target.ExecuteUpdateAsync(s => s.SetProperty(c => c.DeliveryStatus, value).SetProperty(c => c.ProviderMessageId, id), ct);
    }
}
