using System.Security.Cryptography;
using System.Text;
using IdentityServer.Data;

namespace IdentityServer.Mfa;

/// <summary>Issues mfa_tokens: a random opaque value for the client, its SHA-256 as the row key.</summary>
public sealed class MfaTicketStore(PlatformDbContext db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<string> IssueAsync(MfaTicket ticket, CancellationToken ct)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        ticket.Id = KeyOf(token);
        ticket.CreatedAt = time.GetUtcNow();
        ticket.ExpiresAt = ticket.CreatedAt + Lifetime;
        db.MfaTickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        return token;
    }

    public static string KeyOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
