using IdentityPlatform.Shared.Phones;
using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Messaging;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.CodeDelivery;

/// <summary>
/// A queued SMS the provider refused for good: its code (the message's reference, an otp_id) can
/// never arrive, so it is voided, and the failure audited as <c>sms.delivery_failed</c>. Runs in
/// the send queue's drainer, outside any tenant: the code is found by its random id and its tenant.
/// </summary>
internal sealed class UndeliverableCodes(PlatformDbContext db, AuditLog audit) : IUndeliverableMessages
{
    public async Task ReportAsync(SmsMessage message, string error, CancellationToken ct)
    {
        if (message.Reference is null)
        {
            return;
        }
        await db.OneTimeCodes.IgnoreQueryFilters().Where(c => c.Id == message.Reference && c.TenantId == message.Tenant)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, OneTimeCodeState.Voided), ct);
        await audit.WriteAsync("system:send-queue", AuditActions.SmsDeliveryFailed, PhoneMask.Mask(message.To),
            new { otp_id = message.Reference, transient = false }, ct, tenantId: message.Tenant);
    }
}
