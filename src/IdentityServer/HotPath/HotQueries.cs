using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.HotPath;

/// <summary>
/// The per-request queries of the token endpoint and the SMS endpoints. On the hot path they are
/// compiled once per model: EF Core otherwise rebuilds, walks and looks up each LINQ tree on every
/// call (about a tenth of an SMS start). With the hot path off they are plain LINQ queries. The
/// tenant filter applies either way.
/// </summary>
internal sealed class HotQueries(bool compiled)
{
    private static readonly PerModel<Func<PlatformDbContext, string, CancellationToken, Task<PlatformUser?>>> CompiledUserById = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string id, CancellationToken ct) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.Id == id)));

    private static readonly PerModel<Func<PlatformDbContext, string, CancellationToken, Task<PlatformUser?>>> CompiledUserByPhone = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string phone, CancellationToken ct) =>
            db.Users.FirstOrDefault(u => u.PhoneNumber == phone && u.PhoneNumberConfirmed)));

    private static readonly PerModel<Func<PlatformDbContext, string, DateTimeOffset, IAsyncEnumerable<DateTimeOffset>>> CompiledSendsSince = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string phone, DateTimeOffset since) =>
            db.OneTimeCodes.Where(c => c.PhoneNumber == phone && c.CreatedAt > since).Select(c => c.CreatedAt)));

    private static readonly PerModel<Func<PlatformDbContext, string, DateTimeOffset, CancellationToken, Task<OneTimeCode?>>> CompiledLive = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string id, DateTimeOffset now, CancellationToken ct) =>
            db.OneTimeCodes.AsNoTracking()
                .FirstOrDefault(c => c.Id == id && c.State == OneTimeCodeState.Active && c.Attempts < c.MaxAttempts && c.ExpiresAt > now)));

    /// <summary>The user of a code or refresh token, untracked (read to check it and to refresh its claims).</summary>
    public Task<PlatformUser?> UserById(PlatformDbContext db, string id, CancellationToken ct) => compiled
        ? CompiledUserById.For(db)(db, id, ct)
        : db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);

    /// <summary>The user whose verified phone this is, tracked.</summary>
    public Task<PlatformUser?> UserByVerifiedPhone(PlatformDbContext db, string phone, CancellationToken ct) => compiled
        ? CompiledUserByPhone.For(db)(db, phone, ct)
        : db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone && u.PhoneNumberConfirmed, ct);

    /// <summary>When codes were created for this phone since the given time (the per-phone limit and cooldown).</summary>
    public IAsyncEnumerable<DateTimeOffset> PhoneSendsSince(PlatformDbContext db, string phone, DateTimeOffset since) => compiled
        ? CompiledSendsSince.For(db)(db, phone, since)
        : db.OneTimeCodes.Where(c => c.PhoneNumber == phone && c.CreatedAt > since).Select(c => c.CreatedAt).AsAsyncEnumerable();

    /// <summary>A live code (not used, voided, expired or out of attempts), untracked.</summary>
    public Task<OneTimeCode?> LiveCode(PlatformDbContext db, string id, DateTimeOffset now, CancellationToken ct) => compiled
        ? CompiledLive.For(db)(db, id, now, ct)
        : db.OneTimeCodes.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id && c.State == OneTimeCodeState.Active && c.Attempts < c.MaxAttempts && c.ExpiresAt > now, ct);
}
