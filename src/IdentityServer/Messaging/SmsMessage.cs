namespace IdentityServer.Messaging;

/// <summary>
/// An SMS to send: <paramref name="To"/> in E.164 (with '+'), the full text, the tenant it is for, and
/// our reference for it (an otp_id), which the provider echoes in its delivery receipts.
/// </summary>
internal sealed record SmsMessage(string To, string Text, string Tenant, string? Reference = null);
