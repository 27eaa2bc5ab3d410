using IdentityPlatform.Shared.Phones;

namespace IdentityServer.Messaging;

/// <summary>The default sink of undeliverable SMS until a store takes them: one log event each.</summary>
internal sealed class LoggingUndeliverableMessages(ILogger<LoggingUndeliverableMessages> logger) : IUndeliverableMessages
{
    public Task ReportAsync(SmsMessage message, string error, CancellationToken ct)
    {
        Log.SmsUndeliverable(logger, message.Tenant, PhoneMask.Mask(message.To), error);
        return Task.CompletedTask;
    }
}
