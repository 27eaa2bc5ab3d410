using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.SmsSignIn;

/// <summary>
/// The SMS endpoints' per-request queries, compiled once: EF Core otherwise rebuilds, walks and looks
/// up each LINQ tree on every call (about a tenth of a start request). The tenant filter still applies.
/// A compiled query belongs to one model (one provider), so each model gets its own.
/// </summary>
internal static class SmsQueries
{
    private static readonly PerModel<Func<PlatformDbContext, string, CancellationToken, Task<PlatformUser?>>> UserByPhone = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string phone, CancellationToken ct) =>
            db.Users.FirstOrDefault(u => u.PhoneNumber == phone && u.PhoneNumberConfirmed)));

    private static readonly PerModel<Func<PlatformDbContext, string, DateTimeOffset, IAsyncEnumerable<DateTimeOffset>>> SendsSince = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string phone, DateTimeOffset since) =>
            db.OneTimeCodes.Where(c => c.PhoneNumber == phone && c.CreatedAt > since).Select(c => c.CreatedAt)));

    private static readonly PerModel<Func<PlatformDbContext, string, DateTimeOffset, CancellationToken, Task<OneTimeCode?>>> Live = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string id, DateTimeOffset now, CancellationToken ct) =>
            db.OneTimeCodes.AsNoTracking()
                .FirstOrDefault(c => c.Id == id && c.State == OneTimeCodeState.Active && c.Attempts < c.MaxAttempts && c.ExpiresAt > now)));

    /// <summary>The user whose verified phone this is, tracked.</summary>
    public static Task<PlatformUser?> UserByVerifiedPhone(PlatformDbContext db, string phone, CancellationToken ct) =>
        UserByPhone.For(db)(db, phone, ct);

    /// <summary>When codes were created for this phone since the given time (the per-phone limit and cooldown).</summary>
    public static IAsyncEnumerable<DateTimeOffset> PhoneSendsSince(PlatformDbContext db, string phone, DateTimeOffset since) =>
        SendsSince.For(db)(db, phone, since);

    /// <summary>A live code (not used, voided, expired or out of attempts), untracked.</summary>
    public static Task<OneTimeCode?> LiveCode(PlatformDbContext db, string id, DateTimeOffset now, CancellationToken ct) =>
        Live.For(db)(db, id, now, ct);
}
