using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityServer.Passkeys;

/// <summary>
/// Issue 16 point 5: a ceremony's challenge is bound to the tenant (the rows' filter), the user, the mfa
/// ticket and its purpose; it expires (TimeProvider) and is taken once, by a conditional UPDATE, so two
/// answers to one challenge (a replay, parallel posts) never both pass.
/// </summary>
internal sealed class PasskeyChallengeStore(PlatformDbContext db, IOptions<PasskeyOptions> options, TimeProvider time)
{
    public async Task SaveAsync(byte[] challenge, string purpose, string? userId, string? ticketId, string optionsJson, CancellationToken ct)
    {
        db.PasskeyChallenges.Add(new PasskeyChallenge
        {
            Id = PasskeyJson.Base64Url(challenge),
            Purpose = purpose,
            UserId = userId,
            TicketId = ticketId,
            OptionsJson = optionsJson,
            ExpiresAt = time.GetUtcNow().AddSeconds(options.Value.ChallengeLifetimeSeconds),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The options of the challenge, once, when it is live and bound to exactly this purpose, user and ticket; null otherwise.</summary>
    public async Task<string?> TakeAsync(string? challenge, string purpose, string? userId, string? ticketId, CancellationToken ct)
    {
        if (challenge is not { Length: > 0 and <= 64 })
        {
            return null;
        }
        var now = time.GetUtcNow();
        var taken = await db.PasskeyChallenges
            .Where(c => c.Id == challenge && !c.Used && c.ExpiresAt > now && c.Purpose == purpose && c.UserId == userId && c.TicketId == ticketId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Used, true), ct);
        if (taken != 1)
        {
            return null;
        }
        return await db.PasskeyChallenges.Where(c => c.Id == challenge).Select(c => c.OptionsJson).FirstAsync(ct);
    }
}
