namespace IdentityServer.Messaging;

/// <summary>An SMS to send: <paramref name="To"/> in E.164 (with '+'), the full text, the tenant it is for.</summary>
public sealed record SmsMessage(string To, string Text, string Tenant);
