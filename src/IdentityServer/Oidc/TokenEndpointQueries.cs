using IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace IdentityServer.Oidc;

/// <summary>The token endpoint's per-request queries, compiled once (the tenant filter still applies).</summary>
internal static class TokenEndpointQueries
{
    private static readonly PerModel<Func<PlatformDbContext, string, CancellationToken, Task<PlatformUser?>>> ById = new(() =>
        EF.CompileAsyncQuery((PlatformDbContext db, string id, CancellationToken ct) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.Id == id)));

    /// <summary>The user of a code or refresh token, untracked (read to check it and to refresh its claims).</summary>
    public static Task<PlatformUser?> UserById(PlatformDbContext db, string id, CancellationToken ct) => ById.For(db)(db, id, ct);
}
