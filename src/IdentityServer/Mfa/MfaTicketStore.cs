using System.Security.Cryptography;
using System.Text;
using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Mfa;

/// <summary>Issues mfa_tokens: a random opaque value for the client, its SHA-256 as the row key.</summary>
internal sealed class MfaTicketStore(PlatformDbContext db, UnitOfWork unit, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<string> IssueAsync(MfaTicket ticket, CancellationToken ct)
    {
        var token = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        ticket.Id = KeyOf(token);
        ticket.CreatedAt = time.GetUtcNow();
        ticket.ExpiresAt = ticket.CreatedAt + Lifetime;
        db.MfaTickets.Add(ticket);
        // Inside a grant's unit of work the ticket is written by its commit, with the user and events before it.
        await unit.SaveAsync(ct);
        return token;
    }

    /// <summary>
    /// Issues the ticket of a decision that needs a second factor (RequireSecondFactor or RequireEnrollment):
    /// the ticket offers the decision's methods, to enroll first for RequireEnrollment. Returns the token and those methods.
    /// </summary>
    public async Task<(string Token, IReadOnlyList<string> Methods)> IssueAsync(MfaDecision decision, MfaTicket ticket, CancellationToken ct)
    {
        var (methods, enrollment) = decision switch
        {
            MfaDecision.RequireSecondFactor second => (second.Methods, false),
            MfaDecision.RequireEnrollment enroll => (enroll.Methods, true),
            _ => throw new ArgumentException("This decision needs no second factor.", nameof(decision)),
        };
        ticket.Methods = string.Join(' ', methods);
        ticket.Enrollment = enrollment;
        return (await IssueAsync(ticket, ct), methods);
    }

    /// <summary>
    /// Counts one try against a live ticket of this client (5 at most, atomically) and returns it;
    /// null for an unknown, expired, used, exhausted or foreign token alike.
    /// </summary>
    public async Task<MfaTicket?> TryAsync(string? token, string clientId, CancellationToken ct)
    {
        if (token is not { Length: > 0 and <= 100 })
        {
            return null;
        }
        var key = KeyOf(token);
        var now = time.GetUtcNow();
        var counted = await db.MfaTickets
            .Where(t => t.Id == key && !t.Used && t.Attempts < t.MaxAttempts && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Attempts, t => t.Attempts + 1), ct);
        if (counted == 0)
        {
            return null;
        }
        // The update bypassed the change tracker: a ticket this context already tracks is reloaded, any other read once.
        MfaTicket ticket;
        if (db.MfaTickets.Local.FindEntry(key) is { } tracked)
        {
            await tracked.ReloadAsync(ct);
            ticket = tracked.Entity;
        }
        else
        {
            ticket = await db.MfaTickets.FirstAsync(t => t.Id == key, ct);
        }
        return ticket.ClientId == clientId ? ticket : null;
    }

    /// <summary>A live ticket of this client, without counting a try (showing a challenge or an enrollment is not a guess).</summary>
    public async Task<MfaTicket?> FindLiveAsync(string? token, string clientId, CancellationToken ct)
    {
        if (token is not { Length: > 0 and <= 100 })
        {
            return null;
        }
        var key = KeyOf(token);
        var now = time.GetUtcNow();
        var ticket = await db.MfaTickets.FirstOrDefaultAsync(t => t.Id == key && !t.Used && t.Attempts < t.MaxAttempts && t.ExpiresAt > now, ct);
        return ticket?.ClientId == clientId ? ticket : null;
    }

    /// <summary>Single use: of two completions at once, one wins.</summary>
    public async Task<bool> UseAsync(MfaTicket ticket, CancellationToken ct) =>
        await db.MfaTickets.Where(t => t.Id == ticket.Id && !t.Used)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Used, true), ct) == 1;

    public async Task SavePendingSecretAsync(MfaTicket ticket, string protectedSecret, CancellationToken ct)
    {
        ticket.PendingTotpSecretProtected = protectedSecret;
        await db.SaveChangesAsync(ct);
    }

    public static string KeyOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
