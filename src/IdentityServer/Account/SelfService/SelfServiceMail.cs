using IdentityServer.Audit;
using IdentityServer.CodeDelivery;
using IdentityServer.Messaging;
using IdentityServer.Tenancy;

namespace IdentityServer.Account.SelfService;

/// <summary>
/// The self-service emails (reset, verification, add-email links) through the one code sender, so they
/// share the emailed codes' limits (Email__Limits__*: per address and per client IP, counted in the
/// database inside its serialized transaction, so parallel requests cannot pass them). Every request is
/// counted, for a known address as for an unknown one: the limit itself tells nothing about accounts.
/// </summary>
internal sealed class SelfServiceMail(CodeSender sender, OneTimeCodes codes, TenantContext tenant, TenantIssuer issuers)
{
    /// <summary>The hosted pages' own client, the actor of anonymous requests in the audit log.</summary>
    public const string Actor = "client:" + ReturnUrls.AccountClient;

    /// <summary>
    /// Counts one request for <paramref name="address"/> and sends <paramref name="message"/> when there is one;
    /// <paramref name="reserve"/> queues what is saved with the count (a new user, audit events).
    /// </summary>
    public async Task<SelfServiceSend> SendAsync(string address, string? clientIp, string actor, EmailMessage? message,
        Func<CancellationToken, Task<bool>>? reserve, CancellationToken ct)
    {
        var ipHash = clientIp is null ? null : codes.HashIp(clientIp);
        var result = await sender.SendAsync(new CodeSend
        {
            Channel = CodeChannel.Email,
            Recipient = address,
            Limits = CodeSender.EmailLimits,
            Counters = sender.EmailCounters(address, ipHash),
            Actor = actor,
            RefusedAction = AuditActions.CodeSendRefused,
            Code = "",
            Message = message,
            Reserve = reserve,
        }, ct);
        return result switch
        {
            CodeSendResult.Limited limited => new SelfServiceSend.Limited(limited.RetryAfter),
            CodeSendResult.Undelivered => new SelfServiceSend.Limited(60),
            _ => new SelfServiceSend.Sent(),
        };
    }

    /// <summary>The trimmed address when it is one (at most 254 characters), otherwise null.</summary>
    public static string? ValidAddress(string? email)
    {
        var trimmed = email?.Trim();
        return trimmed is { Length: > 0 and <= 254 } && System.Net.Mail.MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed
            ? trimmed : null;
    }

    public EmailMessage Message(string to, string subject, string body) => new(to, subject, body, null, tenant.RequiredTenantId);

    /// <summary>An absolute link to a page of this tenant: {issuer}{path}?name=value&amp;...</summary>
    public string Link(HttpRequest request, string path, params (string Name, string Value)[] query) =>
        issuers.For(request, tenant.RequiredTenantId) + path
        + (query.Length == 0 ? "" : "?" + string.Join('&', query.Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value))));

    public string TenantName => tenant.Required.DisplayName;
}
