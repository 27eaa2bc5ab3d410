namespace IdentityServer.Messaging;

/// <summary>An email to send: one recipient address, its subject, a text body (and optionally an HTML one), the tenant it is for.</summary>
internal sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody, string Tenant);
