namespace IdentityServer.Messaging;

/// <summary>
/// Hears of a queued SMS the provider refused for good (or that ran out of tries): the SMS sign-in
/// code store voids the code named by its reference (an otp_id) and audits it. The default only logs.
/// </summary>
internal interface IUndeliverableMessages
{
    Task ReportAsync(SmsMessage message, string error, CancellationToken ct);
}
