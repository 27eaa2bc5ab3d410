using IdentityServer.Data;
using IdentityServer.HotPath;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.CodeDelivery;

/// <summary>Redeems stored codes (CodeSender stores them, hash only): each attempt is counted atomically, at most one succeeds.</summary>
internal sealed class OneTimeCodeStore(PlatformDbContext db, OneTimeCodes codes, HotQueries queries, TimeProvider time)
{
    public async Task VoidAsync(string otpId, CancellationToken ct) =>
        await db.OneTimeCodes.Where(c => c.Id == otpId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, OneTimeCodeState.Voided), ct);

    /// <summary>
    /// Redeems <paramref name="code"/>: the row when it succeeds; otherwise the row it was tried
    /// against (when it was live) and whether that try used up the last attempt. Callers answer
    /// every failure alike.
    /// </summary>
    public async Task<RedeemResult> RedeemAsync(string? otpId, string clientId, string? code, string purpose, CancellationToken ct)
    {
        if (otpId is not { Length: > 0 and <= 32 } || code is not { Length: > 0 and <= 16 })
        {
            return RedeemResult.NotLive;
        }
        var now = time.GetUtcNow();
        var row = await queries.LiveCode(db, otpId, now, ct);
        if (row is null)
        {
            return RedeemResult.NotLive;
        }
        var matches = row.Usable && row.ClientId == clientId && row.Purpose == purpose && codes.Matches(row.Id, code, row.CodeHash);
        // One conditional statement counts the try and, when it matched, uses the code up. A try
        // counts only if it still finds the code live with attempts left, and only a counted try's
        // answer is used: of parallel tries at most max_attempts are evaluated and one wins.
        var next = matches ? OneTimeCodeState.Used : OneTimeCodeState.Active;
        var counted = await db.OneTimeCodes
            .Where(c => c.Id == otpId && c.State == OneTimeCodeState.Active && c.Attempts < c.MaxAttempts && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1).SetProperty(c => c.State, next), ct);
        if (counted == 0)
        {
            return RedeemResult.NotLive;
        }
        if (matches)
        {
            return new RedeemResult(row, row, false);
        }
        // A wrong answer: the row as it is now, for the audit of failures and lock-outs.
        var tried = await db.OneTimeCodes.AsNoTracking().FirstAsync(c => c.Id == otpId, ct);
        return new RedeemResult(null, tried, tried.Attempts >= tried.MaxAttempts);
    }
}
