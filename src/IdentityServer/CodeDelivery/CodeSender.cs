using IdentityPlatform.Shared.Phones;
using IdentityServer.Audit;
using IdentityServer.Data;
using IdentityServer.Messaging;
using IdentityServer.Telemetry;
using IdentityServer.Tenancy.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityServer.CodeDelivery;

/// <summary>
/// The one code sender (issue 13 point 2) behind SMS start, phone verification and MFA challenges by
/// SMS and email: checks the limits, stores the code and counts the send in one serialized
/// transaction, sends, and voids the code when the provider refuses it. Because the check and the
/// count are one step, parallel requests cannot pass a limit together (SPEC 4.1, issue 12 points 5, 6):
/// on SQLite the transaction is BEGIN IMMEDIATE (one writer at a time); on PostgreSQL and SQL Server
/// it first updates the tenant's lock row, which holds every other send of the tenant until commit.
/// Every refusal is audited with its reason and a masked recipient (issue 12 point 12).
/// </summary>
internal sealed partial class CodeSender(
    PlatformDbContext db, SendLimits limits, OneTimeCodes codes, ISmsSender sms, IEmailSender email, AuditLog audit,
    IOptions<SmsLimitsOptions> smsLimits, IOptions<EmailCodeLimitsOptions> emailLimits, PlatformMetrics metrics, ILogger<CodeSender> logger)
{
    private const string LockKey = "lock";

    /// <summary>The SMS limits of SPEC 4.1: the tenant's cooldown and per-phone limit.</summary>
    public static RecipientLimits SmsLimits(SmsSignInSettings sms) => new(sms.ResendCooldownSeconds, sms.MaxSendsPerPhonePerHour);

    /// <summary>Email codes: no cooldown; the per-address limit is a counter (<see cref="EmailCounters"/>).</summary>
    public static RecipientLimits EmailLimits { get; } = new(0, int.MaxValue);

    /// <summary>Every SMS counts per tenant and per client IP; phone verification also per user.</summary>
    public IReadOnlyList<SendCounter> SmsCounters(string? ipHash, string? userId)
    {
        var options = smsLimits.Value;
        var counters = new List<SendCounter>(3) { new(SendLimits.TenantKey, options.PerTenantPerHour, "tenant_limit") };
        if (ipHash is not null)
        {
            counters.Add(new("ip:" + ipHash, options.PerIpPerHour, "ip_limit"));
        }
        if (userId is not null)
        {
            counters.Add(new("user:" + userId, options.PerUserPerHour, "user_limit"));
        }
        return counters;
    }

    /// <summary>Email codes count per address and per client IP.</summary>
    public IReadOnlyList<SendCounter> EmailCounters(string address, string? ipHash)
    {
        var options = emailLimits.Value;
        var counters = new List<SendCounter>(2)
        {
            new("email:" + codes.HashIp(address.Trim().ToUpperInvariant()), options.PerAddressPerHour, "address_limit"),
        };
        if (ipHash is not null)
        {
            counters.Add(new("email-ip:" + ipHash, options.PerIpPerHour, "ip_limit"));
        }
        return counters;
    }

    public async Task<CodeSendResult> SendAsync(CodeSend send, CancellationToken ct)
    {
        if (send.Row is { } stored)
        {
            stored.CodeHash = codes.Hash(stored.Id, send.Code);
        }
        var decided = await DecideAsync(send, ct);
        if (decided is not CodeSendResult.Sent || send.Message is null)
        {
            return decided;
        }
        var (accepted, transient, error) = send.Message switch
        {
            SmsMessage text => Outcome(await sms.SendAsync(text, ct)),
            EmailMessage mail => Outcome(await email.SendAsync(mail, ct)),
            _ => throw new InvalidOperationException("A code goes by SMS or email."),
        };
        if (accepted)
        {
            return decided;
        }
        // Void on refusal: the code was stored (and counted) before the message left.
        if (send.Row is { } row)
        {
            await db.OneTimeCodes.Where(c => c.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.State, OneTimeCodeState.Voided), ct);
        }
        if (send.Release is { } release)
        {
            await release(ct);
        }
        if (send.Channel == CodeChannel.Sms)
        {
            await audit.WriteAsync(send.Actor, AuditActions.SmsDeliveryFailed, Mask(send), new { otp_id = send.Row?.Id, transient }, ct);
        }
        LogUndelivered(logger, send.Channel, Mask(send), error ?? "");
        return new CodeSendResult.Undelivered();
    }

    // A parallel first insert of a lock or counter row makes one transaction fail: it runs again,
    // without what it had queued (the caller's earlier queued writes stay).
    private async Task<CodeSendResult> DecideAsync(CodeSend send, CancellationToken ct)
    {
        // Many nodes with Redis: an over-limit send is refused there, without the tenant's lock.
        if (await limits.CheckSharedAsync(send, ct) is { } shared)
        {
            Refuse(send, shared.Reason);
            await db.SaveChangesAsync(ct);
            return new CodeSendResult.Limited(shared.Wait, shared.Reason);
        }
        for (var attempt = 1; ; attempt++)
        {
            var queued = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added)
                .Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
            try
            {
                return await DecideOnceAsync(send, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && !queued.Contains(e.Entity)).ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }

    // One transaction, one commit: the check, the code (a phone never has two live codes of a
    // purpose), the counters and the audit events.
    private async Task<CodeSendResult> DecideOnceAsync(CodeSend send, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!db.Database.IsSqlite())
        {
            await LockTenantAsync(ct);
        }
        CodeSendResult result;
        if (await limits.CheckAsync(send, ct) is { } limited)
        {
            Refuse(send, limited.Reason);
            result = new CodeSendResult.Limited(limited.Wait, limited.Reason);
        }
        else if (send.Reserve is { } reserve && !await reserve(ct))
        {
            Refuse(send, "purpose_limit");
            result = new CodeSendResult.Refused();
        }
        else
        {
            if (send.Row is { } row)
            {
                await db.OneTimeCodes
                    .Where(c => c.PhoneNumber == row.PhoneNumber && c.Purpose == row.Purpose && c.State == OneTimeCodeState.Active)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, OneTimeCodeState.Voided), ct);
                db.OneTimeCodes.Add(row);
            }
            await limits.CountAsync(send, ct);
            result = new CodeSendResult.Sent();
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    // The row lock is held until commit: the tenant's sends pass the check one at a time, on every node.
    private async Task LockTenantAsync(CancellationToken ct)
    {
        var locked = await db.SmsSendCounters.Where(c => c.Key == LockKey && c.Bucket == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1), ct);
        if (locked == 0)
        {
            // The tenant's first send; a parallel one fails on the key and DecideAsync runs it again.
            db.SmsSendCounters.Add(new SmsSendCounter { Key = LockKey, Bucket = 0, Count = 1 });
            await db.SaveChangesAsync(ct);
        }
    }

    private void Refuse(CodeSend send, string reason)
    {
        audit.Add(send.Actor, send.RefusedAction, Mask(send), new { reason, channel = send.Channel == CodeChannel.Sms ? "sms" : "email", purpose = send.Row?.Purpose });
        LogRefused(logger, send.Channel, Mask(send), reason);
        if (send.Channel == CodeChannel.Sms)
        {
            metrics.SmsRefused(reason, send.Recipient);
        }
    }

    private static (bool Accepted, bool Transient, string? Error) Outcome(SmsDeliveryResult r) => (r.Accepted, r.Transient, r.Error);

    private static (bool Accepted, bool Transient, string? Error) Outcome(EmailDeliveryResult r) => (r.Accepted, r.Transient, r.Error);

    private static string Mask(CodeSend send) =>
        send.Channel == CodeChannel.Sms ? PhoneMask.Mask(send.Recipient) : EmailMask.Mask(send.Recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Code by {Channel} to {Recipient} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, CodeChannel channel, string recipient, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Code by {Channel} to {Recipient} not delivered: {Error}")]
    private static partial void LogUndelivered(ILogger logger, CodeChannel channel, string recipient, string error);
}
